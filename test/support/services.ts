import type { DatabaseClient } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import { headcountHandler } from "@hr-radar/ingest-headcount";
import { createIngestRunner, type IngestHandler, type IngestRunner } from "@hr-radar/ingest-runner";
import { ticketHandler } from "@hr-radar/ingest-tickets";
import { createKafka } from "@hr-radar/service-kit";
import { createTrendRefresher } from "@hr-radar/trends";
import type { Kafka, Producer } from "kafkajs";
import pino from "pino";
import { inject, onTestFinished } from "vitest";
import { createTopic, suffix, testKafka, testProducer } from "./kafka.ts";
import { type ServiceProcess, spawnServiceProcess } from "./service-process.ts";

export type { ServiceProcess } from "./service-process.ts";

/** The secret the tests pseudonymise employee ids with. */
export const TEST_EMPLOYEE_KEY_SECRET = "test-secret-0123456789abcdef";

const handlers: Record<EventFamily, IngestHandler> = {
  headcount: headcountHandler(TEST_EMPLOYEE_KEY_SECRET),
  tickets: ticketHandler,
};

/** Options for an in-process ingest runner. */
export interface IngestUnderTest {
  family: EventFamily;
  topic: string;
  groupId: string;
  database: DatabaseClient;
  maxRecordBytes?: number;
  maxChunkSize?: number;
}

/**
 * Runs the real ingest runner and handler, and a trend refresher, in the test process, as
 * an ingest service does, against the test broker and database (stopped when the test
 * ends). Logs go nowhere unless TEST_LOG_LEVEL is set.
 */
export async function startIngest(options: IngestUnderTest): Promise<IngestRunner> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const runner = createIngestRunner({
    kafka: createKafka({ brokers: inject("kafkaBrokers").split(","), clientId: `test-${options.groupId}`, logger }),
    database: options.database,
    logger,
    topic: options.topic,
    groupId: options.groupId,
    family: options.family,
    handler: handlers[options.family],
    maxRecordBytes: options.maxRecordBytes ?? 64 * 1024,
    maxChunkSize: options.maxChunkSize ?? 200,
    concurrency: 2,
    maxWaitTimeMs: 500,
  });
  await runner.start();
  const refresher = createTrendRefresher({
    db: options.database.db,
    logger,
    batchSize: 500,
    idleMs: 100,
    ingestBusy: runner.busy,
    ingestBehind: runner.behind,
  });
  onTestFinished(async () => {
    await runner.stop();
    await refresher.stop();
  });
  return runner;
}

/**
 * Spawns `services/<name>/src/main.ts [args]` as its own process (see service-process.ts)
 * on any free ops port, so parallel tests never fight over the default ones; killed when
 * the test ends.
 */
export function spawnService(name: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
  const service = spawnServiceProcess(name, { OPS_PORT: "0", ...env }, args);
  onTestFinished(async () => {
    if (service.running()) {
      service.signal("SIGKILL");
      await service.exited;
    }
  });
  return service;
}

/** What {@link startIngestPipeline} gives a test: a producer, and the topics both ingests consume. */
export interface IngestPipeline {
  kafka: Kafka;
  producer: Producer;
  headcountTopic: string;
  ticketsTopic: string;
}

/**
 * Both ingests (headcount and tickets) on topics and consumer groups of the test's own, into
 * its database: what a test sends to the two topics lands in the facts and trends.
 */
export async function startIngestPipeline(
  database: DatabaseClient,
  options: Pick<IngestUnderTest, "maxChunkSize"> = {},
): Promise<IngestPipeline> {
  const kafka = testKafka();
  const producer = await testProducer(kafka);
  const headcountTopic = await createTopic(kafka, "hris.headcount");
  const ticketsTopic = await createTopic(kafka, "hr.tickets");
  for (const [family, topic] of [
    ["headcount", headcountTopic],
    ["tickets", ticketsTopic],
  ] as const)
    await startIngest({ family, topic, groupId: `ingest-${family}-${suffix()}`, database, ...options });
  return { kafka, producer, headcountTopic, ticketsTopic };
}
