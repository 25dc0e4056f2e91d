import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { EventFamily, OutgoingRecord } from "@hr-radar/events";
import type { Command } from "commander";
import { Option } from "commander";
import type { CheckedRow } from "../backfill/rows.ts";
import { setting } from "../config.ts";
import { CliError } from "../errors.ts";
import { progressBar } from "../progress.ts";

interface BackfillOptions {
  format?: "ndjson" | "csv";
  rejected?: string;
  headcountTopic?: string;
  ticketsTopic?: string;
  batch: string;
  dryRun?: boolean;
}

/** `hr-radar backfill FILE` (alias `replay`): history from NDJSON or CSV into the topics. */
export function registerBackfill(program: Command): void {
  program
    .command("backfill <file>")
    .alias("replay")
    .summary("load history from NDJSON or CSV into the topics, with a rejects file")
    .description(
      "load history into the Kafka topics: NDJSON (one CloudEvent, or {type, ...fields}, per line) or CSV (a `type` column plus the event's fields). " +
        "Every row is validated like the ingest services do; rejected rows go to a file with the reason.",
    )
    .addOption(
      new Option("--format <format>", "input format (default: from the file extension)").choices(["ndjson", "csv"]),
    )
    .option("--rejected <path>", "where rejected rows go (default: FILE.rejected.ndjson)")
    .option("--headcount-topic <topic>", "topic for HRIS events (default: the running stack's, else hris.headcount.v1)")
    .option("--tickets-topic <topic>", "topic for helpdesk events (default: the running stack's, else hr.tickets.v1)")
    .option("--batch <n>", "records per send", "500")
    .option("--dry-run", "validate only; send nothing")
    .addHelpText(
      "after",
      "\nExamples:\n  hr-radar backfill history.ndjson\n  hr-radar backfill headcount-2025.csv --rejected /tmp/rejects.ndjson",
    )
    .action((file: string, o: BackfillOptions) => backfill(file, o));
}

async function backfill(file: string, o: BackfillOptions): Promise<void> {
  const [{ DEFAULT_TOPICS }, { checkRow }] = await Promise.all([
    import("@hr-radar/events"),
    import("../backfill/rows.ts"),
  ]);
  const path = resolve(file);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new CliError(`no such file: ${file}`, 2);
  const format =
    o.format ??
    (extname(path).toLowerCase() === ".csv"
      ? "csv"
      : [".ndjson", ".jsonl", ".json"].includes(extname(path).toLowerCase())
        ? "ndjson"
        : null);
  if (!format) throw new CliError(`cannot tell the format of ${file} from its extension: pass --format ndjson|csv`, 2);
  const batchSize = Number(o.batch);
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new CliError(`--batch must be a positive whole number, got '${o.batch}'`, 2);
  const rejectedPath = resolve(o.rejected ?? `${path}.rejected.ndjson`);
  const topics: Record<EventFamily, string> = {
    headcount:
      o.headcountTopic ?? process.env.HEADCOUNT_TOPIC ?? optionalSetting("HEADCOUNT_TOPIC") ?? DEFAULT_TOPICS.headcount,
    tickets: o.ticketsTopic ?? process.env.TICKETS_TOPIC ?? optionalSetting("TICKETS_TOPIC") ?? DEFAULT_TOPICS.tickets,
  };
  const total = await countRows(path, format);
  const context = { source: `urn:hr-radar:backfill:${basename(path)}`, now: new Date(), maxBytes: 256 * 1024 };

  const [{ createKafka, createProducer }, { default: pino }] = await Promise.all([
    import("@hr-radar/service-kit"),
    import("pino"),
  ]);
  const producer = o.dryRun
    ? null
    : createProducer(
        createKafka({
          brokers: setting("KAFKA_BROKERS").split(","),
          clientId: "hr-radar-backfill",
          logger: pino({ level: "error" }),
        }),
      );
  if (producer) {
    try {
      await producer.connect();
    } catch (error) {
      throw new CliError(
        `cannot reach Kafka at ${setting("KAFKA_BROKERS")}: ${(error as Error).message}. Is \`hr-radar up\` running?`,
      );
    }
  }
  const rejects = await open(rejectedPath, "w");
  const pending: Record<EventFamily, OutgoingRecord[]> = { headcount: [], tickets: [] };
  const counts = { rows: 0, accepted: 0, rejected: 0, headcount: 0, tickets: 0 };
  const byReason = new Map<string, number>();
  const progress = progressBar(o.dryRun ? "checking" : "loading", total);
  const flush = async (family: EventFamily) => {
    const messages = pending[family];
    if (messages.length === 0) return;
    pending[family] = [];
    await producer?.send({ topic: topics[family], acks: -1, messages });
  };
  try {
    for await (const { line, row } of readRows(path, format)) {
      counts.rows++;
      const checked: CheckedRow =
        row instanceof Error
          ? { accepted: false, line, input: null, reason: { code: "not_json", message: row.message, path: null } }
          : checkRow(row, line, context);
      if (checked.accepted) {
        counts.accepted++;
        counts[checked.family]++;
        pending[checked.family].push(checked.record);
        if (pending[checked.family].length >= batchSize) await flush(checked.family);
      } else {
        counts.rejected++;
        byReason.set(checked.reason.code, (byReason.get(checked.reason.code) ?? 0) + 1);
        await rejects.write(
          `${JSON.stringify({ line: checked.line, reason: checked.reason.code, message: checked.reason.message, path: checked.reason.path, input: checked.input })}\n`,
        );
      }
      progress.update(counts.rows);
    }
    await flush("headcount");
    await flush("tickets");
    progress.finish();
  } finally {
    await rejects.close();
    await producer?.disconnect();
  }
  const verb = o.dryRun ? "would send" : "sent";
  process.stdout.write(
    `${counts.rows.toLocaleString("en-US")} rows: ${counts.accepted.toLocaleString("en-US")} accepted (${verb} ${counts.headcount.toLocaleString("en-US")} to ${topics.headcount}, ${counts.tickets.toLocaleString("en-US")} to ${topics.tickets}), ` +
      `${counts.rejected.toLocaleString("en-US")} rejected${counts.rejected > 0 ? ` (${[...byReason].map(([r, n]) => `${r}: ${n}`).join(", ")}) -> ${rejectedPath}` : ""}\n`,
  );
  if (counts.rows > 0 && counts.accepted === 0) throw new CliError("no row was accepted: see the rejects file for why");
}

/** Rows with their 1-based line (CSV: the record's line; the header is line 1). */
async function* readRows(path: string, format: "ndjson" | "csv"): AsyncGenerator<{ line: number; row: unknown }> {
  if (format === "csv") {
    const { parse } = await import("csv-parse");
    const parser = createReadStream(path).pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: false, relax_column_count: false, info: true }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>)
        yield { line: info.lines, row: record };
    } catch (error) {
      throw new CliError(`${basename(path)}: ${(error as Error).message}`);
    }
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield { line, row: JSON.parse(text) };
    } catch (error) {
      yield { line, row: new Error(`line ${line} is not JSON: ${(error as Error).message}`) };
    }
  }
}

/** Rows in the file, for the progress bar (newline count; CSV minus its header). */
async function countRows(path: string, format: "ndjson" | "csv"): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 10) lines++;
    last = chunk.at(-1) ?? last;
  }
  if (last !== 10) lines++;
  return Math.max(0, format === "csv" ? lines - 1 : lines);
}

function optionalSetting(name: "HEADCOUNT_TOPIC" | "TICKETS_TOPIC"): string | undefined {
  try {
    return setting(name);
  } catch {
    return undefined;
  }
}
