// What the fault scenarios run against: a Kafka broker and a Postgres cluster that can be
// stopped and started again on the same data and port, and databases and topics of a
// scenario's own, removed when it ends.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { migrateDatabase } from "@hr-radar/db";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import postgres from "postgres";
import { freePort } from "../support/infra.ts";
import { sleep } from "./processes.ts";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../..");

/** Where a scenario finds Kafka and Postgres. */
export interface FaultInfra {
  /** host:port list of a broker the scenario may create topics on. */
  kafkaBrokers: string;
  /** A Postgres server URL the scenario may create databases on. */
  postgresUrl: string;
  /** A migrated database to clone from (faster than migrating), if there is one. */
  templateDatabase?: string;
}

/** A short random suffix for a scenario's own topics, groups and databases. */
export const suffix = (): string => randomUUID().slice(0, 8);

/** Things to undo when a scenario ends, last first. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];
  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`faults: cleanup failed: ${String(error)}\n`);
      }
    }
  }
}

/** A broker or Postgres cluster of the scenario's own, restartable on the same data and port. */
export interface RestartableInfra {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/**
 * Starts `infra/kafka/kafka.sh` or `infra/postgres/pg.sh` on a temp dir and free port.
 * `stop` / `start` keep the dir and port, as a redeploy of the broker or database would.
 */
export async function startRestartable(kind: "kafka" | "postgres"): Promise<RestartableInfra> {
  const script = join(repoRoot, kind === "kafka" ? "infra/kafka/kafka.sh" : "infra/postgres/pg.sh");
  const dir = await mkdtemp(join(tmpdir(), `hr-radar-faults-${kind}-`));
  const port = kind === "kafka" ? await freeKafkaPort() : await freePort();
  const timeout = kind === "kafka" ? 300_000 : 120_000;
  const start = async () =>
    (await run("bash", [script, "start", "--dir", dir, "--port", String(port)], { timeout })).stdout.trim();
  const url = await start();
  return {
    url,
    stop: async () => void (await run("bash", [script, "stop", "--dir", dir], { timeout: 60_000 })),
    start: async () => void (await start()),
    destroy: async () => {
      await run("bash", [script, "stop", "--dir", dir], { timeout: 60_000 }).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The broker's controller listens on the next port, so both must be free. */
async function freeKafkaPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const next = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once("error", () => done(false));
      server.listen(port + 1, "127.0.0.1", () => server.close(() => done(true)));
    });
    if (next) return port;
  }
}

/** A database of the scenario's own. */
export interface ScenarioDatabase {
  url: string;
  sql: postgres.Sql;
}

/** Creates a fresh migrated database (cloned from the template when there is one). */
export async function createScenarioDatabase(infra: FaultInfra, cleanups: Cleanups): Promise<ScenarioDatabase> {
  const name = `hr_faults_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(infra.postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      `create database "${name}"${infra.templateDatabase ? ` template "${infra.templateDatabase}"` : ""}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(infra.postgresUrl);
  url.pathname = `/${name}`;
  if (!infra.templateDatabase) await migrateDatabase(url.toString());
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  cleanups.add(async () => {
    await sql.end({ timeout: 5 });
    const drop = postgres(infra.postgresUrl, { max: 1, onnotice: () => {} });
    try {
      await drop.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await drop.end();
    }
  });
  return { url: url.toString(), sql };
}

/** A quiet kafkajs client for the scenario's own producing, admin and reading. */
export function scenarioKafka(brokers: string): Kafka {
  return new Kafka({
    clientId: `hr-radar-faults-${suffix()}`,
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
}

/** Creates topics of the scenario's own (deleted with their DLQs at the end). */
export async function createTopics(
  kafka: Kafka,
  topics: string[],
  partitions: number,
  cleanups: Cleanups,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  cleanups.add(async () => {
    const a = kafka.admin();
    await a.connect();
    try {
      const existing = new Set(await a.listTopics());
      await a.deleteTopics({
        topics: topics.flatMap((t) => [t, `${t}.dlq`]).filter((t) => existing.has(t)),
        timeout: 10_000,
      });
    } finally {
      await a.disconnect();
    }
  });
}

/** Records in a topic (the sum of its partitions' high watermarks; topics here start at 0). */
export async function topicRecords(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Sum of the offsets Postgres stores for a topic: how many of its records are applied. */
export async function appliedRecords(db: ScenarioDatabase, topic: string): Promise<number> {
  const [row] =
    await db.sql`select coalesce(sum(next_offset), 0)::bigint as n from consumer_offsets where topic = ${topic}`;
  return Number(row?.n ?? 0);
}

/**
 * Waits until every record of `topic` is applied (stored offsets = high watermarks) and
 * the trend refreshers have re-derived every organisation marked stale, and fails when
 * nothing moves for `stallMs`.
 */
export async function waitUntilApplied(
  kafka: Kafka,
  db: ScenarioDatabase,
  topic: string,
  stallMs = 120_000,
  onProgress?: (applied: number, total: number) => void,
): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const [applied, total] = [await appliedRecords(db, topic), await topicRecords(kafka, topic)];
    onProgress?.(applied, total);
    if (applied === total) break;
    if (applied !== last) [last, movedAt] = [applied, Date.now()];
    if (Date.now() - movedAt > stallMs)
      throw new Error(`${topic}: stalled at ${applied} of ${total} records for ${stallMs} ms`);
    await sleep(250);
  }
  for (let lastStale = -1; ; ) {
    const [row] = await db.sql`select count(*)::int as stale from trend_refresh_queue`;
    const stale = Number(row?.stale ?? 0);
    if (stale === 0) return;
    if (stale !== lastStale) [lastStale, movedAt] = [stale, Date.now()];
    if (Date.now() - movedAt > stallMs)
      throw new Error(
        `${topic}: every record applied, but ${stale} organisations' trends not refreshed for ${stallMs} ms`,
      );
    await sleep(100);
  }
}
/** Every record of a topic, read from the beginning up to its current high watermarks. */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 120_000): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let high: Map<number, bigint>;
  try {
    high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...high].filter(([, h]) => h > 0n).map(([p]) => p));
  const received: KafkaMessage[] = [];
  if (remaining.size === 0) return received;
  const consumer = kafka.consumer({ groupId: `faults-reader-${suffix()}`, maxBytesPerPartition: 8 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () =>
          fail(
            new Error(`${topic}: read ${received.length} records, partitions ${[...remaining].join(",")} unfinished`),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push(message);
          if (BigInt(message.offset) + 1n >= high.get(partition)!) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}
