import { connectDatabase, type DatabaseClient } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import {
  createHealth,
  createKafka,
  createLogger,
  createRegistry,
  type Logger,
  type Ops,
  runMain,
  startOpsServer,
  stopOnSignals,
  withProcessMetrics,
} from "@hr-radar/service-kit";
import { createTrendRefresher, quarantinedTrends, type TrendRefresher } from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import type { Admin } from "kafkajs";
import type { z } from "zod";
import type { IngestHandler } from "./chunk.ts";
import type { ingestEnvSchema } from "./env.ts";
import { registerIngestMetrics, registerTrendRefreshMetrics } from "./metrics.ts";
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

/** A started ingest service, in this process. */
export interface RunningService {
  ops: Ops;
  /** Finishes the batch in flight, then disconnects. */
  stop(): Promise<void>;
  /** Settles if the service stops on its own because it cannot go on. */
  readonly failed: Promise<Error>;
}

/**
 * Starts an ingest service inside the current process (no signal handling, no ops
 * server: the caller owns the process). `hr-radar up` runs both this way.
 */
export async function startIngestService(
  { name, family, topic, env, handler }: IngestService,
  logger: Logger,
): Promise<RunningService> {
  // one connection per partition in flight, one per trend refresher lane, one for health and metrics
  const database: DatabaseClient = connectDatabase(env.DATABASE_URL, {
    max: env.INGEST_CONCURRENCY + env.TREND_REFRESH_LANES + 1,
    applicationName: `hr-radar-${name}`,
  });
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? `hr-radar-${name}`,
    logger,
  });
  const registry = createRegistry(name);
  let admin: Admin | undefined;
  const runner = createIngestRunner({
    kafka,
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
    metrics: registerIngestMetrics(registry, {
      topic,
      groupId: env.CONSUMER_GROUP,
      db: database.db,
      admin: () => admin,
    }),
    ...(env.HR_RADAR_FAILPOINT ? { failpoint: env.HR_RADAR_FAILPOINT } : {}),
  });
  const health = createHealth();
  health.add({
    name: "kafka",
    check: () => {
      const s = runner.state();
      if (s.state === "joined") return { ready: true };
      return { ready: false, detail: "error" in s ? `consumer ${s.state}: ${s.error}` : `consumer ${s.state}` };
    },
  });
  health.add({
    name: "database",
    check: async () => {
      await database.db.execute(sql`select 1`);
      return { ready: true };
    },
  });
  // Listed, never "not ready": one organisation's bad data must not take the service (and
  // every other organisation's ingest) out of the load balancer.
  health.add({
    name: "trends",
    check: async () => {
      // the database check reports an outage; this one only lists what it can read
      const set = await quarantinedTrends(database.db).catch(() => null);
      if (set === null) return { ready: true, detail: "quarantined trends unknown (database unreachable)" };
      if (set.length === 0) return { ready: true };
      const listed = set
        .slice(0, 20)
        .map((q) => `${q.organisationId} (${q.scope}, since ${q.firstFailedAt}: ${q.error})`)
        .join("; ");
      const more = set.length > 20 ? ` and ${set.length - 20} more` : "";
      return { ready: true, detail: `quarantined trends: ${listed}${more}` };
    },
  });
  let refresher: TrendRefresher | undefined;
  try {
    await runner.start();
    admin = kafka.admin();
    await admin.connect();
    // Every ingest service keeps the trends of both families current: refreshers share the
    // marks safely, and either service alone still gets a profile's load rebuild done.
    refresher = createTrendRefresher({
      db: database.db,
      logger,
      batchSize: env.TREND_REFRESH_BATCH,
      idleMs: env.TREND_REFRESH_IDLE_MS,
      lanes: env.TREND_REFRESH_LANES,
      ingestBusy: runner.busy,
      ingestBehind: runner.behind,
      metrics: registerTrendRefreshMetrics(registry, database.db),
    });
  } catch (error) {
    await Promise.allSettled([runner.stop(), admin?.disconnect(), database.close()]);
    throw error;
  }
  return {
    ops: { health, registry },
    failed: runner.failed,
    async stop() {
      await runner.stop();
      await refresher?.stop();
      await admin?.disconnect();
      await database.close();
    },
  };
}

/**
 * The process around an ingest service: logger, ops endpoints, clean stop on
 * SIGTERM/SIGINT (the batch in flight finishes, then the process exits 0), exit 1 if the
 * consumer gives up (a supervisor restarts it; offsets in Postgres make that safe).
 */
export function runIngestService(
  service: IngestService & { env: IngestEnv & { OPS_PORT: number | "off"; OPS_HOST: string } },
): void {
  const logger = createLogger(service.name, service.env.LOG_LEVEL);
  runMain(logger, async () => {
    const running = await startIngestService(service, logger);
    const { OPS_PORT, OPS_HOST } = service.env;
    const opsServer =
      OPS_PORT === "off"
        ? undefined
        : await startOpsServer({
            host: OPS_HOST,
            port: OPS_PORT,
            ops: { health: running.ops.health, registry: withProcessMetrics(running.ops.registry, service.name) },
            logger,
          });
    stopOnSignals(logger, async () => {
      await running.stop();
      await opsServer?.close();
    });
    running.failed.then((error) => {
      logger.fatal({ err: error }, "ingest stopped: exiting so a supervisor can restart it");
      process.exit(1);
    });
  });
}
