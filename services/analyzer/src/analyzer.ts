import { type DeliveryChannel, type DispatcherDeps, dispatchDue } from "@hr-radar/alerts";
import { connectDatabase, type DatabaseClient } from "@hr-radar/db";
import { createKafka, createProducer, ensureTopic, type Logger } from "@hr-radar/service-kit";
import { trendStaleness } from "@hr-radar/trends";
import type { Producer } from "kafkajs";
import { type AnalysisDeps, type RunSummary, runAnalysis } from "./analysis.ts";
import type { Env } from "./env.ts";
import type { AnalyzerMetrics } from "./service-metrics.ts";

/** The analyzer's wired-up parts: analysis, delivery, and their resources. */
export interface Analyzer {
  database: DatabaseClient;
  /** One analysis run as of `evaluatedAt`, then one pass over the due deliveries. */
  analyse(evaluatedAt: string): Promise<RunSummary>;
  /** Sends what is due in the outbox (one pass). */
  deliver(): Promise<{ delivered: number; failed: number }>;
  close(): Promise<void>;
}

/** The delivery channels configured: the alerts topic, then each webhook. */
export function deliveryChannels(env: Pick<Env, "ALERTS_TOPIC" | "ALERT_WEBHOOKS">): DeliveryChannel[] {
  return [
    { id: "kafka", kind: "kafka", topic: env.ALERTS_TOPIC },
    ...env.ALERT_WEBHOOKS.map(
      (w): DeliveryChannel => ({
        id: `webhook:${w.name}`,
        kind: "webhook",
        name: w.name,
        url: w.url,
        format: w.format,
      }),
    ),
  ];
}

/** Connects to Postgres and Kafka and makes sure the alerts topic exists. */
export async function createAnalyzer(env: Env, logger: Logger, metrics?: AnalyzerMetrics): Promise<Analyzer> {
  // a connection per concurrent batch, one to cut the next batch, one for deliveries
  const database = connectDatabase(env.DATABASE_URL, {
    max: env.ANALYZER_CONCURRENCY + 2,
    applicationName: "hr-radar-analyzer",
  });
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? "hr-radar-analyzer",
    logger,
  });
  await ensureTopic(kafka, env.ALERTS_TOPIC);
  const producer: Producer = createProducer(kafka);
  await producer.connect();
  const channels = deliveryChannels(env);
  const analysis: AnalysisDeps = {
    db: database.db,
    logger,
    channels,
    batchSize: env.ANALYZER_BATCH_SIZE,
    concurrency: env.ANALYZER_CONCURRENCY,
  };
  const dispatcher: DispatcherDeps = {
    db: database.db,
    channels,
    producer,
    logger,
    retry: { baseDelayMs: env.OUTBOX_RETRY_BASE_MS, maxDelayMs: env.OUTBOX_MAX_RETRY_MS },
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
  };
  const deliver = async () => {
    const result = await dispatchDue(dispatcher);
    metrics?.delivered(result);
    return result;
  };
  return {
    database,
    async analyse(evaluatedAt) {
      const started = performance.now();
      await warnIfTrendsLag(database, logger);
      let summary: RunSummary;
      try {
        summary = await runAnalysis(analysis, evaluatedAt);
      } catch (error) {
        metrics?.runFinished("failed", (performance.now() - started) / 1000);
        throw error;
      }
      metrics?.runFinished("completed", (performance.now() - started) / 1000);
      await deliver();
      return summary;
    },
    deliver,
    async close() {
      await producer.disconnect();
      await database.close();
    },
  };
}

/** Marks older than this mean the trend refresher is behind (normally it lags by well under a second). */
const TRENDS_LAG_WARNING_SECONDS = 60;

/**
 * Says so when the trends lag the facts (a backfill still being refreshed, or no ingest
 * service running to refresh them): the run analyses the trends as derived so far, and a
 * later run sees the rest.
 */
async function warnIfTrendsLag(database: DatabaseClient, logger: Logger): Promise<void> {
  const { pending, oldestSeconds } = await trendStaleness(database.db);
  if (pending === 0 || oldestSeconds < TRENDS_LAG_WARNING_SECONDS) return;
  logger.warn(
    { staleOrganisations: pending, lagSeconds: Math.round(oldestSeconds) },
    `trends lag the facts: ${pending} stale trend set${pending === 1 ? "" : "s"} (an organisation's headcount or load, oldest marked ${Math.round(oldestSeconds)} s ago) wait for the trend refresher; this run analyses the trends as derived so far`,
  );
}
