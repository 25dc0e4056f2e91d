import type { DeadLetter } from "@hr-radar/ingest-runner";
import { type Command, InvalidArgumentError } from "commander";
import { optionalSetting, setting } from "../config.ts";
import type { ReadDeadLetter } from "../dead-letters.ts";
import { CliError } from "../errors.ts";
import { type Column, type Format, render } from "../output.ts";
import { formatOption } from "./options.ts";

interface DlqOptions {
  topic?: string[];
  reason?: string[];
  since?: Date;
  replay?: boolean;
  format: Format;
}

const COLUMNS: Column<DeadLetter>[] = [
  { header: "id", value: (d) => d.id },
  { header: "dead-lettered", value: (d) => d.deadLetteredAt },
  { header: "reason", value: (d) => d.reason },
  { header: "path", value: (d) => d.path },
  { header: "source", value: (d) => `${d.sourceTopic}[${d.sourcePartition ?? "?"}]@${d.sourceOffset ?? "?"}` },
  { header: "key", value: (d) => d.key, maxWidth: 24 },
  { header: "message", value: (d) => d.message, maxWidth: 80 },
];

/** `hr-radar dlq [list]`, `dlq show <id>`, `dlq --replay`: the dead-letter topics. */
export function registerDlq(program: Command): void {
  const dlq = program
    .command("dlq")
    .description("dead letters: list and show them (reason, path, message, source offset), replay them after a fix");
  dlq
    .command("list", { isDefault: true })
    .description("dead letters of the stack's topics, oldest first; --replay sends the selected ones back")
    .option("-t, --topic <topic...>", "only these topics (the source topic or its .dlq; default: both ingest topics)")
    .option("-r, --reason <reason...>", "only these reasons, e.g. oversized schema_violation")
    .option("-s, --since <when>", "only those dead-lettered since: 24h, 7d, 30m or an RFC 3339 instant", since)
    .option(
      "--replay",
      "send the selected records back to their source topic, byte for byte (after fixing what rejected them)",
    )
    .addOption(formatOption())
    .addHelpText(
      "after",
      "\nA replayed record keeps its CloudEvent id, so the ingest's ledger applies it once however often it is\n" +
        "replayed (a second replay counts as a duplicate). A record still invalid is dead-lettered again, marked\n" +
        "with the dead letter it came from (`replayed from`).\n\n" +
        "Examples:\n  hr-radar dlq --since 24h\n  hr-radar dlq --reason oversized --replay     after raising INGEST_MAX_RECORD_BYTES",
    )
    .action((o: DlqOptions) => list(o));
  dlq
    .command("show <id...>")
    .description("dead letters in full (headers, key and value), as JSON by default; ids as `dlq list` prints them")
    .addOption(formatOption("json"))
    .action(async (ids: string[], o: { format: Format }) => {
      const letters = await read({
        ids,
        topics: [...new Set(ids.map((id) => id.slice(0, id.lastIndexOf(":", id.lastIndexOf(":") - 1))))],
      });
      const missing = ids.filter((id) => !letters.some((l) => l.letter.id === id));
      if (missing.length > 0) throw new CliError(`no dead letter ${missing.join(", ")} (see \`hr-radar dlq\`)`);
      const rows = letters.map((l) => l.letter);
      process.stdout.write(
        o.format === "json" && rows.length === 1
          ? `${JSON.stringify(rows[0], null, 2)}\n`
          : render(rows, [...COLUMNS, { header: "value", value: (d) => d.value }], o.format),
      );
    });
}

async function list(o: DlqOptions): Promise<void> {
  if (o.replay && !o.topic && !o.reason && !o.since)
    throw new CliError(
      "--replay needs a selection: --topic, --reason or --since (every dead letter at once is rarely a fix)",
      2,
    );
  const letters = await read({
    topics: dlqTopics(o.topic),
    ...(o.reason ? { reasons: o.reason } : {}),
    ...(o.since ? { since: o.since } : {}),
  });
  if (!o.replay) {
    process.stdout.write(
      render(
        letters.map((l) => l.letter),
        COLUMNS,
        o.format,
        "no dead letters match",
      ),
    );
    return;
  }
  const replayed = await replay(letters);
  const rows = replayed.map((r) => ({ id: r.letter.id, reason: r.letter.reason, replayedTo: r.letter.sourceTopic }));
  if (o.format === "table")
    process.stdout.write(
      `replayed ${rows.length.toLocaleString("en-US")} dead letter${rows.length === 1 ? "" : "s"}${rows.length > 0 ? ` to ${[...new Set(rows.map((r) => r.replayedTo))].join(", ")}` : ""}\n`,
    );
  else process.stdout.write(render(rows, [], o.format));
}

/** Sends the records back to their source topics, in their order; returns what was sent. */
async function replay(letters: readonly ReadDeadLetter[]): Promise<readonly ReadDeadLetter[]> {
  if (letters.length === 0) return letters;
  const [{ replayRecord }, { createProducer }] = await Promise.all([
    import("@hr-radar/ingest-runner"),
    import("@hr-radar/service-kit"),
  ]);
  const producer = createProducer(await kafka());
  await producer.connect();
  try {
    const byTopic = new Map<string, ReadDeadLetter[]>();
    for (const l of letters) byTopic.set(l.letter.sourceTopic, [...(byTopic.get(l.letter.sourceTopic) ?? []), l]);
    for (const [topic, group] of byTopic)
      for (let i = 0; i < group.length; i += 500)
        await producer.send({
          topic,
          acks: -1,
          messages: group.slice(i, i + 500).map((l) => replayRecord(l.letter.id, l.message)),
        });
  } finally {
    await producer.disconnect();
  }
  process.stderr.write(
    "hr-radar: replayed records keep their ids: the ingest applies each once; still-invalid ones are dead-lettered again\n",
  );
  return letters;
}

async function read(selection: Parameters<typeof import("../dead-letters.ts").readDeadLetters>[1]) {
  const { readDeadLetters } = await import("../dead-letters.ts");
  return readDeadLetters(await kafka(), selection);
}

async function kafka() {
  const [{ createKafka }, { default: pino }] = await Promise.all([import("@hr-radar/service-kit"), import("pino")]);
  const brokers = setting("KAFKA_BROKERS");
  return createKafka({ brokers: brokers.split(","), clientId: "hr-radar-dlq", logger: pino({ level: "error" }) });
}

/** The DLQ topics to read: the given ones (with or without `.dlq`), else both ingest topics'. */
export function dlqTopics(given: readonly string[] | undefined): string[] {
  const topics = given ?? [
    optionalSetting("HEADCOUNT_TOPIC") ?? "hris.headcount.v1",
    optionalSetting("TICKETS_TOPIC") ?? "hr.tickets.v1",
  ];
  return topics.map((t) => (t.endsWith(".dlq") ? t : `${t}.dlq`));
}

/** `--since`: 30m, 24h, 7d back from now, or an RFC 3339 instant. */
export function since(value: string, now = new Date()): Date {
  const relative = /^(\d{1,6})([mhd])$/.exec(value);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as "m" | "h" | "d"];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
    return new Date(value);
  throw new InvalidArgumentError(`expected 30m, 24h, 7d or an RFC 3339 instant, got '${value}'`);
}
