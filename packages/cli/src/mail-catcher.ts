// The demo's local SMTP catcher: a real SMTP server (nodemailer's smtp-server) on
// 127.0.0.1 that accepts every message and keeps it as a file, so `hr-radar demo` sends
// its digests through the same SMTP path as production and a person can read them.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A running catcher: where it listens, where it writes, what it has caught. */
export interface MailCatcher {
  port: number;
  dir: string;
  /** The files written so far: one `.eml` (the message as sent) and one `.html` (its HTML part) per message. */
  caught: { recipient: string; subject: string; eml: string; html: string | null }[];
  close(): Promise<void>;
}

/** Starts the catcher on a free port, writing into `dir` (emptied first). */
export async function startMailCatcher(dir: string): Promise<MailCatcher> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const caught: MailCatcher["caught"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const recipient = session.envelope.rcptTo.map((r) => r.address).join(",");
        const name = `${String(caught.length + 1).padStart(2, "0")}-${recipient.replace(/[^a-z0-9@.-]/gi, "_")}`;
        // the HTML part with its inline chart resolved, so a browser shows it as a mail client would
        simpleParser(raw)
          .then(async (parsed) => {
            const eml = join(dir, `${name}.eml`);
            await writeFile(eml, raw);
            const html = typeof parsed.html === "string" ? join(dir, `${name}.html`) : null;
            if (html !== null) await writeFile(html, parsed.html as string);
            caught.push({ recipient, subject: parsed.subject ?? "", eml, html });
          })
          .then(
            () => callback(),
            (error: Error) => callback(error),
          );
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  return {
    port: (server.server.address() as { port: number }).port,
    dir,
    caught,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
