import {
  type DeliveryChannel,
  type DispatcherDeps,
  dispatchDue,
  privateTargetOf,
  type ResolveHost,
} from "@hr-radar/alerts";
import { connectDatabase, type DatabaseClient } from "@hr-radar/db";
import {
  createSmtpSender,
  type DigestDispatcherDeps,
  type DigestScheduleDeps,
  dispatchDueDigests,
  queueDueDigests,
  type ScheduleResult,
} from "@hr-radar/digest";
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
  /** Claims and queues the subscribed organisations' digests whose period has come by `now`. */
  queueDigests(now: string): Promise<ScheduleResult>;
  /** Sends due digest deliveries (one pass). */
  deliverDigests(): Promise<{ delivered: number; failed: number; rejected: number }>;
  close(): Promise<void>;
}

/** The delivery channels configured: the alerts topic, then each webhook. */
export function deliveryChannels(
  env: Pick<Env, "ALERTS_TOPIC" | "ALERT_WEBHOOKS" | "ALERT_WEBHOOKS_ALLOW_PRIVATE">,
): DeliveryChannel[] {
  return [
    { id: "kafka", kind: "kafka", topic: env.ALERTS_TOPIC },
    ...env.ALERT_WEBHOOKS.map(
      (w): DeliveryChannel => ({
        id: `webhook:${w.name}`,
        kind: "webhook",
        name: w.name,
        url: w.url,
        format: w.format,
        signingKey: w.signingKey,
        allowPrivate: w.allowPrivate || env.ALERT_WEBHOOKS_ALLOW_PRIVATE,
      }),
    ),
  ];
}

/** A configuration the environment schema cannot check alone (it needs DNS); exit 2 like the others. */
export class AnalyzerConfigError extends Error {
  override name = "AnalyzerConfigError";
}

/**
 * Refuses webhooks whose URL is, or resolves to, a loopback, link-local, private or
 * unspecified address, unless the operator allowed it; and a hostname that does not
 * resolve. The message reads like the environment's own (`ALERT_WEBHOOKS[0].url: ...`).
 */
export async function checkWebhookTargets(
  env: Pick<Env, "ALERT_WEBHOOKS" | "ALERT_WEBHOOKS_ALLOW_PRIVATE"> & Partial<Pick<Env, "DIGEST_SUBSCRIPTIONS">>,
  resolve?: ResolveHost,
): Promise<void> {
  for (const [i, subscription] of (env.DIGEST_SUBSCRIPTIONS ?? []).entries()) {
    if (subscription.teams === null || subscription.teams.allowPrivate) continue;
    let address: string | null;
    try {
      address = await privateTargetOf(subscription.teams.url, resolve);
    } catch (error) {
      throw new AnalyzerConfigError(
        `DIGEST_ORGANISATIONS[${i}].teams: ${subscription.teams.url} does not resolve (${(error as Error).message})`,
      );
    }
    if (address !== null)
      throw new AnalyzerConfigError(
        `DIGEST_ORGANISATIONS[${i}].teams: ${subscription.teams.url} is a private address (${address}); set "allowPrivate": true on it to allow`,
      );
  }
  if (env.ALERT_WEBHOOKS_ALLOW_PRIVATE) return;
  for (const [i, webhook] of env.ALERT_WEBHOOKS.entries()) {
    if (webhook.allowPrivate) continue;
    let address: string | null;
    try {
      address = await privateTargetOf(webhook.url, resolve);
    } catch (error) {
      throw new AnalyzerConfigError(
        `ALERT_WEBHOOKS[${i}].url: ${webhook.url} does not resolve (${(error as Error).message})`,
      );
    }
    if (address !== null)
      throw new AnalyzerConfigError(
        `ALERT_WEBHOOKS[${i}].url: ${webhook.url} is a private address (${address}); set ALERT_WEBHOOKS_ALLOW_PRIVATE=true or "allowPrivate": true on webhook ${webhook.name} to allow`,
      );
  }
}

/**
 * Checks the webhook targets, connects to Postgres and Kafka and makes sure the alerts
 * topic exists. Throws {@link AnalyzerConfigError} for a refused webhook target.
 */
export async function createAnalyzer(env: Env, logger: Logger, metrics?: AnalyzerMetrics): Promise<Analyzer> {
  await checkWebhookTargets(env);
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
    newChannelBackfillMs: env.ALERT_NEW_CHANNEL_BACKFILL_HOURS * 3_600_000,
  };
  const deliver = async () => {
    const result = await dispatchDue(dispatcher);
    metrics?.delivered(result);
    return result;
  };
  const smtp =
    env.SMTP_HOST === undefined
      ? null
      : createSmtpSender({
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          security: env.SMTP_TLS,
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          timeoutMs: env.SMTP_TIMEOUT_MS,
        });
  const digestSchedule: DigestScheduleDeps = {
    db: database.db,
    logger,
    subscriptions: env.DIGEST_SUBSCRIPTIONS,
    dashboardUrl: env.DIGEST_DASHBOARD_URL,
    catchUpMs: env.DIGEST_CATCH_UP_HOURS * 3_600_000,
  };
  const digestDispatcher: DigestDispatcherDeps = {
    db: database.db,
    logger,
    subscriptions: env.DIGEST_SUBSCRIPTIONS,
    sendMail: smtp?.sendMail ?? null,
    email: { from: env.DIGEST_FROM, unsubscribeUrl: env.DIGEST_UNSUBSCRIBE_URL ?? null },
    retry: dispatcher.retry,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
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
      metrics?.runFinished("completed", (performance.now() - started) / 1000, summary);
      await deliver();
      return summary;
    },
    deliver,
    queueDigests: (now) => queueDueDigests(digestSchedule, now),
    async deliverDigests() {
      const result = await dispatchDueDigests(digestDispatcher);
      metrics?.digestsDelivered(result);
      return result;
    },
    async close() {
      smtp?.close();
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
