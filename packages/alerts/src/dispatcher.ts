import type { Database } from "@hr-radar/db";
import { type CloudEvent, encodeCloudEvent } from "@hr-radar/events";
import type { Logger } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import type { Producer } from "kafkajs";
import type { DeliveryChannel } from "./deliveries.ts";

/** Retry timing for deliveries. */
export interface RetryPolicy {
  /** First retry after this long; each further one waits twice as long. */
  baseDelayMs: number;
  /** The longest wait between attempts: a receiver down for a day still gets its alerts. */
  maxDelayMs: number;
}

/** How long a claimed delivery is reserved before another dispatcher may retry it. */
const CLAIM_LEASE_MS = 60_000;

/** A delivery taken from the outbox (a type alias: query rows must be plain records). */
type PendingDelivery = {
  outbox_id: number;
  channel: string;
  idempotency_key: string;
  organisation_id: string;
  payload: Record<string, unknown>;
  attempts: number;
};

/** What the dispatcher needs to send. */
export interface DispatcherDeps {
  db: Database;
  channels: readonly DeliveryChannel[];
  producer: Producer;
  logger: Logger;
  retry: RetryPolicy;
  /** How long one delivery attempt may take, webhook or Kafka (WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
}

/**
 * Sends due outbox rows, oldest first, and marks each delivered or schedules a retry with
 * exponential backoff. At most one change per alert and channel is in flight, and a later
 * change waits for an earlier one, so receivers see raised before resolved. Delivery is
 * at least once: a crash after sending and before marking resends the same idempotency
 * key, which receivers drop.
 */
export async function dispatchDue(deps: DispatcherDeps, limit = 100): Promise<{ delivered: number; failed: number }> {
  const due = await claimDue(deps.db, limit);
  let delivered = 0;
  let failed = 0;
  // A channel that just failed (broker or receiver down) is not tried again in this pass:
  // its other due deliveries wait for their next attempt instead of each waiting out a
  // timeout, so one dead channel delays neither the others nor the next analysis run.
  const failedChannels = new Set<string>();
  for (const delivery of due) {
    if (failedChannels.has(delivery.channel)) {
      await deps.db.execute(sql`
        update alert_outbox set next_attempt_at = now() + ${`${backoffMs(deps.retry, delivery.attempts + 1)} milliseconds`}::interval
        where outbox_id = ${delivery.outbox_id}`);
      continue;
    }
    try {
      await send(deps, delivery);
      await deps.db.execute(
        sql`update alert_outbox set delivered_at = now(), attempts = attempts + 1, last_error = null where outbox_id = ${delivery.outbox_id}`,
      );
      delivered++;
    } catch (error) {
      const delayMs = backoffMs(deps.retry, delivery.attempts + 1);
      const message = (error as Error).message.slice(0, 500);
      await deps.db.execute(sql`
        update alert_outbox set attempts = attempts + 1, last_error = ${message},
          next_attempt_at = now() + ${`${delayMs} milliseconds`}::interval
        where outbox_id = ${delivery.outbox_id}`);
      deps.logger.warn(
        {
          channel: delivery.channel,
          key: delivery.idempotency_key,
          attempt: delivery.attempts + 1,
          retryInMs: delayMs,
          error: message,
        },
        "alert delivery failed; will retry",
      );
      failedChannels.add(delivery.channel);
      failed++;
    }
  }
  if (due.length > 0) deps.logger.info({ delivered, failed }, "alert deliveries sent");
  return { delivered, failed };
}

/**
 * Reserves the due head-of-line delivery of each alert and channel (SKIP LOCKED, so
 * several dispatchers share the work) by pushing its next attempt past a lease.
 */
async function claimDue(db: Database, limit: number): Promise<PendingDelivery[]> {
  return db.execute<PendingDelivery>(sql`
    with heads as (
      select distinct on (channel, alert_id) outbox_id, next_attempt_at
      from alert_outbox where delivered_at is null
      order by channel, alert_id, outbox_id
    ),
    claimed as (
      select o.outbox_id from alert_outbox o join heads h using (outbox_id)
      where h.next_attempt_at <= now()
      order by o.outbox_id limit ${limit}
      for update of o skip locked
    )
    update alert_outbox o set next_attempt_at = now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval
    from claimed c, alerts a
    where o.outbox_id = c.outbox_id and a.alert_id = o.alert_id
    returning o.outbox_id, o.channel, o.idempotency_key, a.organisation_id, o.payload, o.attempts`);
}

async function send(deps: DispatcherDeps, delivery: PendingDelivery): Promise<void> {
  const channel = deps.channels.find((c) => c.id === delivery.channel);
  if (!channel) throw new Error(`channel ${delivery.channel} is no longer configured`);
  if (channel.kind === "kafka") {
    const record = encodeCloudEvent(delivery.payload as unknown as CloudEvent, delivery.organisation_id);
    // kafkajs retries a send for over a minute while the broker is down; bounded here (well
    // under the claim lease), a send that still lands later is a repeat of the same id
    await withTimeout(
      deps.producer.send({ topic: channel.topic, acks: -1, messages: [record] }),
      deps.webhookTimeoutMs,
      `alerts topic ${channel.topic}`,
    );
    return;
  }
  const response = await fetch(channel.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": delivery.idempotency_key,
      "user-agent": "hr-radar-analyzer",
    },
    body: JSON.stringify(delivery.payload),
    signal: AbortSignal.timeout(deps.webhookTimeoutMs),
  });
  if (!response.ok) throw new Error(`webhook ${channel.name} answered ${response.status}`);
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => {}); // an abandoned send's late failure is not an unhandled rejection
  }
}

/** Exponential backoff with ±20% jitter, so retries from many alerts do not arrive in step. */
export function backoffMs(retry: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
