import { createReadStream } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { EventFamily, OutgoingRecord } from "@hr-radar/events";
import type { Command } from "commander";
import { Option } from "commander";
import type { CheckedRow, RowRejection } from "../backfill/rows.ts";
import { optionalSetting, setting } from "../config.ts";
import { CliError } from "../errors.ts";
import { progressBar } from "../progress.ts";
import { wholeNumberIn } from "./options.ts";

interface BackfillOptions {
  format?: "ndjson" | "csv";
  rejected?: string;
  headcountTopic?: string;
  ticketsTopic?: string;
  batch: number;
  dryRun?: boolean;
  stopOnError?: boolean;
  analyze?: boolean;
}

/** `hr-radar backfill FILE` (alias `replay`): history from NDJSON or CSV into the topics. */
export function registerBackfill(program: Command): void {
  program
    .command("backfill <file>")
    .alias("replay")
    .summary("load history from NDJSON or CSV into the topics, with a rejects file")
    .description(
      "load history into the Kafka topics: NDJSON (one CloudEvent, or {type, ...fields}, per line) or CSV (a `type` column plus the event's fields). " +
        "Every row is validated like the ingest services do; rejected rows (bad values, CSV syntax errors, short rows) go to a file " +
        "with their line and the reason, and the load goes on unless --stop-on-error. A summary of sent and rejected rows is always printed.",
    )
    .addOption(
      new Option("--format <format>", "input format (default: from the file extension)").choices(["ndjson", "csv"]),
    )
    .option("--rejected <path>", "where rejected rows go (default: FILE.rejected.ndjson)")
    .option("--headcount-topic <topic>", "topic for HRIS events (default: the running stack's, else hris.headcount.v1)")
    .option("--tickets-topic <topic>", "topic for helpdesk events (default: the running stack's, else hr.tickets.v1)")
    .option("--batch <n>", "records per send", wholeNumberIn(1, 100_000), 500)
    .option("--dry-run", "validate only; send nothing")
    .option("--stop-on-error", "stop at the first rejected row (default: reject it, report its line and go on)")
    .option(
      "--analyze",
      "when the ingest services have applied the load, run one analysis (else: the next scheduled one)",
    )
    .addHelpText(
      "after",
      "\nThe rejects file (mode 0600: it holds raw employee ids) is written only when a row is rejected.\n" +
        "Alerts change at the next scheduled analysis (the analyzer's ANALYZER_CRON, daily 06:00 UTC by default), or at once with --analyze.\n" +
        "\nExamples:\n  hr-radar backfill history.ndjson --analyze\n  hr-radar backfill headcount-2025.csv --rejected /tmp/rejects.ndjson",
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
  const batchSize = o.batch;
  if (format === "csv") await checkCsvHeader(path);
  const rejectedPath = resolve(o.rejected ?? `${path}.rejected.ndjson`);
  const topics: Record<EventFamily, string> = {
    headcount: o.headcountTopic ?? optionalSetting("HEADCOUNT_TOPIC") ?? DEFAULT_TOPICS.headcount,
    tickets: o.ticketsTopic ?? optionalSetting("TICKETS_TOPIC") ?? DEFAULT_TOPICS.tickets,
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
  // opened on the first reject only: no rejects, no file; 0600 because rows hold raw employee ids
  let rejects: FileHandle | undefined;
  const pending: Record<EventFamily, OutgoingRecord[]> = { headcount: [], tickets: [] };
  const counts = { rows: 0, accepted: 0, rejected: 0, headcount: 0, tickets: 0 };
  const sent: Record<EventFamily, number> = { headcount: 0, tickets: 0 };
  const byReason = new Map<string, number>();
  const progress = progressBar(o.dryRun ? "checking" : "loading", total);
  let stoppedAt: CheckedRow | undefined;
  const flush = async (family: EventFamily) => {
    const messages = pending[family];
    if (messages.length === 0) return;
    pending[family] = [];
    await producer?.send({ topic: topics[family], acks: -1, messages });
    sent[family] += messages.length;
  };
  const summary = () => {
    const n = (x: number) => x.toLocaleString("en-US");
    const verb = o.dryRun ? "would send" : "sent";
    const [h, t] = o.dryRun ? [counts.headcount, counts.tickets] : [sent.headcount, sent.tickets];
    return (
      `${n(counts.rows)} rows: ${n(counts.accepted)} accepted (${verb} ${n(h)} to ${topics.headcount}, ${n(t)} to ${topics.tickets}), ` +
      `${n(counts.rejected)} rejected${counts.rejected > 0 ? ` (${[...byReason].map(([r, k]) => `${r}: ${k}`).join(", ")}) -> ${rejectedPath}` : ""}\n`
    );
  };
  try {
    for await (const { line, row } of readRows(path, format)) {
      counts.rows++;
      const checked: CheckedRow =
        row instanceof RowError
          ? { accepted: false, line, input: row.input, reason: { code: row.code, message: row.message, path: null } }
          : checkRow(row, line, context);
      if (checked.accepted) {
        counts.accepted++;
        counts[checked.family]++;
        pending[checked.family].push(checked.record);
        if (pending[checked.family].length >= batchSize) await flush(checked.family);
      } else {
        counts.rejected++;
        byReason.set(checked.reason.code, (byReason.get(checked.reason.code) ?? 0) + 1);
        rejects ??= await openRejects(rejectedPath);
        await rejects.write(
          `${JSON.stringify({ line: checked.line, reason: checked.reason.code, message: checked.reason.message, path: checked.reason.path, input: checked.input })}\n`,
        );
        if (o.stopOnError) {
          stoppedAt = checked;
          break;
        }
      }
      progress.update(counts.rows);
    }
    await flush("headcount");
    await flush("tickets");
    if (!stoppedAt) progress.finish();
  } finally {
    await rejects?.close();
    await producer?.disconnect();
    // always the tally, even when a send failed or --stop-on-error stopped the load
    process.stdout.write(summary());
  }
  if (stoppedAt && !stoppedAt.accepted)
    throw new CliError(
      `stopped at line ${stoppedAt.line} (${stoppedAt.reason.code}: ${stoppedAt.reason.message}); rows before it were ${o.dryRun ? "checked" : "sent"}, none after`,
    );
  if (counts.rows > 0 && counts.accepted === 0) throw new CliError("no row was accepted: see the rejects file for why");
  if (o.dryRun || counts.accepted === 0) return;
  if (!o.analyze) {
    process.stderr.write(
      "hr-radar: the ingest services apply these records now; alerts change at the next scheduled analysis " +
        "(ANALYZER_CRON, daily 06:00 UTC by default), or pass --analyze to run one when the load is applied\n",
    );
    return;
  }
  const { analyzeWhenApplied } = await import("../backfill/analyze-after.ts");
  await analyzeWhenApplied(
    setting("KAFKA_BROKERS"),
    (Object.keys(sent) as EventFamily[]).filter((f) => sent[f] > 0).map((f) => topics[f]),
  );
}

async function openRejects(path: string): Promise<FileHandle> {
  const handle = await open(path, "w", 0o600);
  // the mode applies to a new file only: one left by an earlier run keeps its own
  await handle.chmod(0o600);
  return handle;
}

/** A row that could not be read as one (CSV syntax, a short or long CSV row, a line that is not JSON). */
class RowError extends Error {
  readonly code: RowRejection["code"];
  readonly input: unknown;
  constructor(code: RowRejection["code"], message: string, input: unknown) {
    super(message);
    this.code = code;
    this.input = input;
  }
}

/**
 * A CSV whose header cannot work fails at once with one message, instead of one rejection
 * per row: `;`-separated (a spreadsheet's export in many locales), or no `type` column.
 */
async function checkCsvHeader(path: string): Promise<void> {
  const header = await firstLine(path);
  const fields = header
    .replace(/^\uFEFF/, "")
    .split(",")
    .map((f) => f.trim().replace(/^"|"$/g, ""));
  if (fields.includes("type")) return;
  if (header.includes(";"))
    throw new CliError(
      `${basename(path)}: the header is separated by ';' ("${header.slice(0, 80)}"); backfill reads comma-separated CSV (RFC 4180): export with ',' as the separator`,
      2,
    );
  throw new CliError(
    `${basename(path)}: no \`type\` column in the header ("${header.slice(0, 80)}"); each row needs the event type, e.g. hrradar.headcount.snapshot.v1 (see README, Backfill)`,
    2,
  );
}

async function firstLine(path: string): Promise<string> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) return line;
  return "";
}

/** Rows with their 1-based line (CSV: the record's line; the header is line 1). */
async function* readRows(path: string, format: "ndjson" | "csv"): AsyncGenerator<{ line: number; row: unknown }> {
  if (format === "csv") {
    yield* readCsvRows(path);
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield { line, row: JSON.parse(text) };
    } catch (error) {
      yield { line, row: new RowError("not_json", `line ${line} is not JSON: ${(error as Error).message}`, null) };
    }
  }
}

/**
 * CSV rows as objects keyed by the header, in file order. A row with a syntax error (an
 * unclosed quote, a stray quote) or with more or fewer fields than the header comes out as
 * a {@link RowError} with its line and the raw text, and reading goes on with the next row.
 */
async function* readCsvRows(path: string): AsyncGenerator<{ line: number; row: unknown }> {
  const { parse } = await import("csv-parse");
  const skipped: { line: number; row: RowError }[] = []; // in line order, as the parser reports them
  let lastSkipped: string | undefined;
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      raw: true,
      on_skip: (error, raw) => {
        // after a bad quote the parser may report the rest of the same line again: one row, one
        // reject. A report that runs on into later lines keeps them (those rows were not loaded).
        if (
          lastSkipped !== undefined &&
          raw?.startsWith(lastSkipped) &&
          !/\n/.test(raw.slice(lastSkipped.length).replace(/\r?\n$/, ""))
        )
          return undefined;
        lastSkipped = raw;
        const line = Number(error?.lines ?? 0);
        skipped.push({
          line,
          row: new RowError("csv_syntax", `line ${line}: ${error?.message ?? "unreadable CSV"}`, raw ?? null),
        });
        return undefined;
      },
    }),
  );
  let header: string[] | undefined;
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
      raw: string;
    }>) {
      // the parser reports a skipped row as it reads ahead: put it back in file order
      yield* skipped.splice(0, skipped.filter((s) => s.line < info.lines).length);
      if (!header) {
        header = record;
        continue;
      }
      if (record.length !== header.length) {
        yield {
          line: info.lines,
          row: new RowError(
            "csv_row_length",
            `line ${info.lines} has ${record.length} fields, the header has ${header.length}`,
            raw.replace(/\r?\n$/, ""),
          ),
        };
        continue;
      }
      yield { line: info.lines, row: Object.fromEntries(header.map((name, i) => [name, record[i]])) };
    }
  } catch (error) {
    // what skip_records_with_error cannot step over (e.g. a quote never closed swallows the rest)
    yield { line: 0, row: new RowError("csv_syntax", `${basename(path)}: ${(error as Error).message}`, null) };
  }
  yield* skipped.splice(0);
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
