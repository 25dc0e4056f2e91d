// A real SMTP server in the test process (nodemailer's smtp-server): what the digest tests
// send to. It speaks the protocol for real (EHLO, MAIL, RCPT, DATA, 250 after the data),
// so a message counts as received only once the server has accepted it.
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as the server received it: the envelope, the raw bytes and the parsed message. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** A listening SMTP server and what it has received. */
export interface SmtpCatcher {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1:`port` (0: any free port), without TLS or authentication. */
export async function startSmtpCatcher(port = 0): Promise<SmtpCatcher> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw, { keepCidLinks: true }).then(
          (parsed) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => done());
  });
  const address = server.server.address() as { port: number };
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
