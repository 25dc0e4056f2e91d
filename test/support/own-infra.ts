// What a fault scenario runs against: a Kafka broker and a Postgres cluster that can be
// stopped and started again on the same data and port, and databases and topics of the
// scenario's own, removed by its Cleanups when it ends. Nothing here depends on vitest.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { migrateDatabase } from "@hr-radar/db";
import type { Kafka } from "kafkajs";
import postgres from "postgres";
import { freePort } from "./infra.ts";
import { createTopics, deleteTopics, quietKafka, suffix, topicRecords } from "./kafka-admin.ts";
import { createDatabase, databaseUrl, dropDatabase } from "./postgres-admin.ts";
import { waitUntilApplied } from "./wait.ts";

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
  await createDatabase(infra.postgresUrl, name, infra.templateDatabase);
  const url = databaseUrl(infra.postgresUrl, name);
  if (!infra.templateDatabase) await migrateDatabase(url);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  cleanups.add(async () => {
    await sql.end({ timeout: 5 });
    await dropDatabase(infra.postgresUrl, name);
  });
  return { url, sql };
}

/** Creates topics of the scenario's own, deleted with their DLQs when it ends. */
export async function createScenarioTopics(
  kafka: Kafka,
  topics: string[],
  partitions: number,
  cleanups: Cleanups,
): Promise<void> {
  await createTopics(kafka, topics, partitions);
  cleanups.add(() =>
    deleteTopics(
      kafka,
      topics.flatMap((t) => [t, `${t}.dlq`]),
      10_000,
    ),
  );
}

/** A quiet kafkajs client for the scenario's own producing, admin and reading. */
export function scenarioKafka(brokers: string): Kafka {
  return quietKafka(brokers, "hr-radar-faults", { retries: 3 });
}

/**
 * Waits until every record of `topic` is applied (stored offsets = high watermarks, read
 * again on every poll while producers may still be sending) and the trends are current;
 * fails when nothing moves for `stallMs`.
 */
export async function waitUntilTopicApplied(
  kafka: Kafka,
  db: ScenarioDatabase,
  topic: string,
  stallMs = 120_000,
  onProgress?: (applied: number, total: number) => void,
): Promise<void> {
  await waitUntilApplied(db.sql, {
    label: topic,
    topic,
    target: () => topicRecords(kafka, topic),
    stallMs,
    ...(onProgress === undefined ? {} : { onPoll: onProgress }),
  });
}

/** What a scenario works on: its database, a client for its broker, and its topics. */
export interface ScenarioResources<Family extends string> {
  db: ScenarioDatabase;
  kafka: Kafka;
  /** `<prefix>.<run>` for each family's prefix. */
  topics: Record<Family, string>;
  /** The random suffix of this run's topics. */
  run: string;
}

/** Creates a scenario's own database and topics (removed by `cleanups`) and a broker client. */
export async function scenarioResources<Family extends string>(
  infra: FaultInfra,
  cleanups: Cleanups,
  topicPrefixes: Record<Family, string>,
  partitions: number,
): Promise<ScenarioResources<Family>> {
  const db = await createScenarioDatabase(infra, cleanups);
  const kafka = scenarioKafka(infra.kafkaBrokers);
  const run = suffix();
  const topics = Object.fromEntries(
    Object.entries<string>(topicPrefixes).map(([family, prefix]) => [family, `${prefix}.${run}`]),
  ) as Record<Family, string>;
  await createScenarioTopics(kafka, Object.values(topics), partitions, cleanups);
  return { db, kafka, topics, run };
}
