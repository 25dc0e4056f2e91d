import { connectDatabase } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import { createKafka, createLogger, runMain, stopOnSignals } from "@hr-radar/service-kit";
import type { z } from "zod";
import type { IngestHandler } from "./chunk.ts";
import type { ingestEnvSchema } from "./env.ts";
import { createIngestRunner } from "./runner.ts";

/** The parsed settings both ingest services share. */
export type IngestEnv = z.output<ReturnType<typeof ingestEnvSchema>>;

/** What distinguishes one ingest service from the other. */
export interface IngestService {
  /** Service name: the log `service` field, the Kafka client id, the Postgres application name. */
  name: string;
  family: EventFamily;
  topic: string;
  env: IngestEnv;
  handler: IngestHandler;
}

/**
 * The process around a runner: logger, database pool, Kafka client, clean stop on
 * SIGTERM/SIGINT (the batch in flight finishes, then the process exits 0).
 */
export function runIngestService({ name, family, topic, env, handler }: IngestService): void {
  const logger = createLogger(name, env.LOG_LEVEL);
  runMain(logger, async () => {
    const database = connectDatabase(env.DATABASE_URL, { max: env.INGEST_CONCURRENCY + 1, applicationName: `hr-radar-${name}` });
    const runner = createIngestRunner({
      kafka: createKafka({ brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID ?? `hr-radar-${name}`, logger }),
      database,
      logger,
      topic,
      groupId: env.CONSUMER_GROUP,
      family,
      handler,
      maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
      maxChunkSize: env.INGEST_CHUNK_SIZE,
      concurrency: env.INGEST_CONCURRENCY,
      maxWaitTimeMs: env.INGEST_FETCH_MAX_WAIT_MS,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      ...(env.HR_RADAR_FAILPOINT ? { failpoint: env.HR_RADAR_FAILPOINT } : {}),
    });
    stopOnSignals(logger, async () => {
      await runner.stop();
      await database.close();
    });
    await runner.start();
  });
}
