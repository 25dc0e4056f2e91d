import { analyseOnce } from "../commands/analyze.ts";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { progressBar } from "../progress.ts";

const WAIT_MS = 10 * 60_000;

/**
 * `backfill --analyze`: waits until the ingest services have applied everything on the
 * topics as of now (their offsets in Postgres reach the end the topics have now) and the
 * trends are re-derived from it, then runs one analysis and prints it. Waiting on stored
 * offsets, not on time, means the analysis sees the whole load or is not run.
 */
export async function analyzeWhenApplied(brokers: string, topics: readonly string[]): Promise<void> {
  const [{ createKafka }, { default: pino }, { trendStaleness }, { sql }] = await Promise.all([
    import("@hr-radar/service-kit"),
    import("pino"),
    import("@hr-radar/trends"),
    import("drizzle-orm"),
  ]);
  const admin = createKafka({
    brokers: brokers.split(","),
    clientId: "hr-radar-backfill",
    logger: pino({ level: "error" }),
  }).admin();
  await admin.connect();
  const ends = new Map<string, Map<number, bigint>>();
  try {
    for (const topic of topics)
      ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((w) => [w.partition, BigInt(w.high)])));
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].flatMap((m) => [...m.values()]).reduce((a, b) => a + b, 0n);
  const progress = progressBar("applying", Number(total));
  const deadline = Date.now() + WAIT_MS;
  await withDatabase(async (db) => {
    for (;;) {
      // per topic and partition, the furthest any consumer group has applied
      const rows = await db.execute<{ topic: string; partition: number; next_offset: string }>(sql`
        select topic, partition, max(next_offset)::text as next_offset from consumer_offsets
        where topic in (select jsonb_array_elements_text(${JSON.stringify(topics)}::jsonb))
        group by topic, partition`);
      const applied = new Map(rows.map((r) => [`${r.topic}:${r.partition}`, BigInt(r.next_offset)]));
      let done = 0n;
      for (const [topic, partitions] of ends)
        for (const [partition, end] of partitions) {
          const at = applied.get(`${topic}:${partition}`) ?? 0n;
          done += at < end ? at : end;
        }
      progress.update(Number(done));
      if (done >= total && (await trendStaleness(db)).pending === 0) break;
      if (Date.now() > deadline)
        throw new CliError(
          `the ingest services have applied ${done} of ${total} records after ${WAIT_MS / 60_000} min: is the stack running? (\`hr-radar status\`); no analysis was run`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  progress.finish("records applied, trends current");
  const result = await analyseOnce(new Date());
  process.stdout.write(
    `analysis run ${result.runId}: ${result.organisations} organisations, ${result.findings} findings; ${result.raised} raised, ${result.resolved} resolved, ${result.changed} changed\n`,
  );
}
