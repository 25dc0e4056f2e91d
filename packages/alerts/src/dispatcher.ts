import type { Database } from "@hr-radar/db";
import { encodeCloudEvent } from "@hr-radar/events";
import type { Logger } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import type { Producer } from "kafkajs";
import { type DeliveryChannel, deliveryPayload, type QueuedAlertEvent } from "./deliveries.ts";
import { signWebhook } from "./webhook-signing.ts";
import { privateTargetOf, type ResolveHost } from "./webhook-target.ts";

/** Retry timing for deliveries. */
export interface RetryPolicy {
  /** First retry after this long; each further one waits twice as long. */
  baseDelayMs: number;
  /** The longest wait between attempts: a receiver down for a day still gets its alerts. */
  maxDelayMs: number;
}

/** How long a claimed delivery is reserved before another dispatcher may retry it. */
const CLAIM_LEASE_MS = 60_000;

/** A newly configured channel gets the changes recorded this long before it first appeared. */
export const DEFAULT_NEW_CHANNEL_BACKFILL_MS = 24 * 3_600_000;

/** A delivery taken from the queue (a type alias: query rows must be plain records). */
type PendingDelivery = {
  outbox_id: number;
  channel: string;
  idempotency_key: string;
  organisation_id: string;
  event: QueuedAlertEvent;
  attempts: number;
};

/** What the dispatcher needs to send. */
export interface DispatcherDeps {
  db: Database;
  /** The channels this process delivers to: every change in the outbox goes to each of them. */
  channels: readonly DeliveryChannel[];
  producer: Producer;
  logger: Logger;
  retry: RetryPolicy;
  /** How long one delivery attempt may take, webhook or Kafka (WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /** How far before its first appearance a new channel picks up changes. Default 24 hours. */
  newChannelBackfillMs?: number;
  /** Resolves webhook hostnames for the private-address check (tests pass their own). */
  resolveHost?: ResolveHost;
}

/**
 * Queues every outbox change for each configured channel that does not have it yet, then
 * sends due deliveries, oldest first, and marks each delivered or schedules a retry with
 * exponential backoff. At most one change per alert and channel is in flight, and a later
 * change waits for an earlier one, so receivers see raised before resolved. Delivery is
 * at least once: a crash after sending and before marking resends the same idempotency
 * key, which receivers drop.
 */
export async function dispatchDue(deps: DispatcherDeps, limit = 100): Promise<{ delivered: number; failed: number }> {
  if (deps.channels.length === 0) return { delivered: 0, failed: 0 };
  await queueForChannels(deps);
  const due = await claimDue(
    deps.db,
    deps.channels.map((c) => c.id),
    limit,
  );
  let delivered = 0;
  let failed = 0;
  // A channel that just failed (broker or receiver down) is not tried again in this pass:
  // its other due deliveries wait for their next attempt instead of each waiting out a
  // timeout, so one dead channel delays neither the others nor the next analysis run.
  const failedChannels = new Set<string>();
  for (const delivery of due) {
    const row = sql`outbox_id = ${delivery.outbox_id} and channel = ${delivery.channel}`;
    if (failedChannels.has(delivery.channel)) {
      await deps.db.execute(sql`
        update alert_deliveries set next_attempt_at = now() + ${`${backoffMs(deps.retry, delivery.attempts + 1)} milliseconds`}::interval
        where ${row}`);
      continue;
    }
    try {
      await send(deps, delivery);
      await deps.db.execute(
        sql`update alert_deliveries set delivered_at = now(), attempts = attempts + 1, last_error = null where ${row}`,
      );
      delivered++;
    } catch (error) {
      const delayMs = backoffMs(deps.retry, delivery.attempts + 1);
      const message = (error as Error).message.slice(0, 500);
      await deps.db.execute(sql`
        update alert_deliveries set attempts = attempts + 1, last_error = ${message},
          next_attempt_at = now() + ${`${delayMs} milliseconds`}::interval
        where ${row}`);
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
 * Gives each configured channel a delivery row for every outbox change it has not been
 * queued yet: those written since the channel's mark, and no older than its first
 * appearance minus the backfill window. The mark is a snapshot's xmin taken before the
 * scan: every transaction below it had committed (or aborted) when the scan ran, so no
 * change is skipped however its writer's commit order relates to its outbox id. Two
 * dispatchers queueing at once insert the same keys, and the primary key keeps one.
 */
async function queueForChannels(deps: DispatcherDeps): Promise<void> {
  const ids = deps.channels.map((c) => c.id);
  const backfill = `${deps.newChannelBackfillMs ?? DEFAULT_NEW_CHANNEL_BACKFILL_MS} milliseconds`;
  await deps.db.execute(sql`
    insert into alert_channels (channel) select unnest(${channelList(ids)}) on conflict do nothing`);
  const [snapshot] = await deps.db.execute<{ xmin: string }>(
    sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
  );
  await deps.db.execute(sql`
    insert into alert_deliveries (outbox_id, channel, alert_id)
    select o.outbox_id, c.channel, o.alert_id
    from alert_channels c
    join alert_outbox o on o.written_by >= coalesce(c.queued_below, '0'::xid8)
      and o.created_at >= c.first_seen_at - ${backfill}::interval
    where c.channel = any(${channelList(ids)})
    on conflict do nothing`);
  await deps.db.execute(sql`
    update alert_channels set queued_below = greatest(queued_below, ${snapshot!.xmin}::xid8)
    where channel = any(${channelList(ids)})`);
}

/** Channel ids as a text[] (one jsonb parameter: drizzle binds an array as a row). */
const channelList = (ids: readonly string[]) =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/**
 * Reserves the due head-of-line delivery of each alert and channel (SKIP LOCKED, so
 * several dispatchers share the work) by pushing its next attempt past a lease.
 */
async function claimDue(db: Database, channels: readonly string[], limit: number): Promise<PendingDelivery[]> {
  const claimed = await db.execute<PendingDelivery>(sql`
    with heads as (
      select distinct on (channel, alert_id) outbox_id, channel, next_attempt_at
      from alert_deliveries where delivered_at is null and channel = any(${channelList(channels)})
      order by channel, alert_id, outbox_id
    ),
    claimed as (
      select d.outbox_id, d.channel from alert_deliveries d join heads h using (outbox_id, channel)
      where h.next_attempt_at <= now()
      order by d.outbox_id limit ${limit}
      for update of d skip locked
    )
    update alert_deliveries d set next_attempt_at = now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval
    from claimed c, alert_outbox o, alerts a
    where d.outbox_id = c.outbox_id and d.channel = c.channel and o.outbox_id = d.outbox_id and a.alert_id = d.alert_id
    returning d.outbox_id, d.channel, o.idempotency_key, a.organisation_id, o.event, d.attempts`);
  return claimed.map((d) => ({ ...d, outbox_id: Number(d.outbox_id) })).sort((a, b) => a.outbox_id - b.outbox_id);
}

async function send(deps: DispatcherDeps, delivery: PendingDelivery): Promise<void> {
  const channel = deps.channels.find((c) => c.id === delivery.channel);
  if (!channel) throw new Error(`channel ${delivery.channel} is no longer configured`);
  if (channel.kind === "kafka") {
    const record = encodeCloudEvent(delivery.event, delivery.organisation_id);
    // kafkajs retries a send for over a minute while the broker is down; bounded here (well
    // under the claim lease), a send that still lands later is a repeat of the same id
    await withTimeout(
      deps.producer.send({ topic: channel.topic, acks: -1, messages: [record] }),
      deps.webhookTimeoutMs,
      `alerts topic ${channel.topic}`,
    );
    return;
  }
  // checked at every send as well as at start-up: a hostname may resolve elsewhere later
  if (!channel.allowPrivate) {
    const address = await privateTargetOf(channel.url, deps.resolveHost);
    if (address !== null)
      throw new Error(`webhook ${channel.name}: ${channel.url} resolves to private address ${address}; not sent`);
  }
  const body = JSON.stringify(deliveryPayload(channel, delivery.event));
  const response = await fetch(channel.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": delivery.idempotency_key,
      "user-agent": "hr-radar-analyzer",
      ...signWebhook(channel.signingKey, delivery.idempotency_key, Date.now() / 1000, body),
    },
    body,
    // a redirect could lead a signed alert anywhere, including a private address
    redirect: "manual",
    signal: AbortSignal.timeout(deps.webhookTimeoutMs),
  });
  await response.body?.cancel();
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location");
    throw new Error(
      `webhook ${channel.name} answered ${response.status} (a redirect${location ? ` to ${location.slice(0, 200)}` : ""}); redirects are not followed`,
    );
  }
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
