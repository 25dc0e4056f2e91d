import { backoffMs, privateTargetOf, type ResolveHost, type RetryPolicy } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import type { Logger } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import { teamsMessage } from "./adaptive-card.ts";
import type { DigestSubscription } from "./config.ts";
import { type DigestEmail, digestEmail, type EmailSettings } from "./email.ts";
import type { Digest } from "./model.ts";

/** Sends one e-mail and resolves once the SMTP server has answered 250 to its data (nodemailer's `sendMail`). */
export type SendMail = (message: DigestEmail) => Promise<unknown>;

/** What the digest dispatcher needs. */
export interface DigestDispatcherDeps {
  db: Database;
  logger: Logger;
  subscriptions: readonly DigestSubscription[];
  /** Null when no SMTP server is configured (then no subscription has e-mail recipients). */
  sendMail: SendMail | null;
  email: EmailSettings;
  retry: RetryPolicy;
  /** Time limit of one Teams request. */
  timeoutMs: number;
  resolveHost?: ResolveHost;
}

/** How long a claimed delivery is reserved before another dispatcher may retry it. */
const CLAIM_LEASE_MS = 120_000;

type DueDelivery = {
  organisation_id: string;
  period_at: string;
  channel: string;
  attempts: number;
  digest: Digest;
};

/** A failure the receiver will repeat however often it is asked: not retried. */
class RefusedForGood extends Error {
  override name = "RefusedForGood";
}

/** A failure with the receiver's own wait (HTTP 429 `Retry-After`). */
class RetryAfter extends Error {
  override name = "RetryAfter";
  readonly afterMs: number;
  constructor(message: string, afterMs: number) {
    super(message);
    this.afterMs = afterMs;
  }
}

/**
 * Sends due digest deliveries of this process's subscriptions, oldest period first: marks
 * each delivered once its channel accepted it (SMTP 250, HTTP 2xx), refused for good on
 * SMTP 5xx or HTTP 4xx (other than 408/429), else schedules a retry with backoff. A channel
 * whose server is unreachable is not tried again in the same pass, and never holds another
 * channel's rows. At least once: a crash between the acceptance and the mark resends the
 * same digest with the same Message-ID.
 */
export async function dispatchDueDigests(
  deps: DigestDispatcherDeps,
  limit = 50,
): Promise<{ delivered: number; failed: number; rejected: number }> {
  const byOrganisation = new Map(deps.subscriptions.map((s) => [s.organisationId, s]));
  const counts = { delivered: 0, failed: 0, rejected: 0 };
  if (byOrganisation.size === 0) return counts;
  const due = await deps.db.execute<DueDelivery>(sql`
    with claimed as (
      select organisation_id, period_at, channel from digest_deliveries
      where delivered_at is null and rejected_at is null and next_attempt_at <= now()
        and organisation_id in (select jsonb_array_elements_text(${JSON.stringify([...byOrganisation.keys()])}::jsonb))
      order by period_at, organisation_id, channel limit ${limit}
      for update skip locked
    )
    update digest_deliveries d set next_attempt_at = now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval
    from claimed c, digest_periods p
    where d.organisation_id = c.organisation_id and d.period_at = c.period_at and d.channel = c.channel
      and p.organisation_id = d.organisation_id and p.period_at = d.period_at
    returning d.organisation_id, to_json(d.period_at) #>> '{}' as period_at, d.channel, d.attempts, p.digest`);
  const unreachable = new Set<string>();
  for (const delivery of due) {
    const where = sql`organisation_id = ${delivery.organisation_id} and period_at = ${delivery.period_at}::timestamptz and channel = ${delivery.channel}`;
    const server = delivery.channel.startsWith("email:") ? "smtp" : `teams:${delivery.organisation_id}`;
    const retryIn = (ms: number) => sql`now() + ${`${ms} milliseconds`}::interval`;
    if (unreachable.has(server)) {
      await deps.db.execute(
        sql`update digest_deliveries set next_attempt_at = ${retryIn(backoffMs(deps.retry, delivery.attempts + 1))} where ${where}`,
      );
      continue;
    }
    try {
      await send(deps, byOrganisation.get(delivery.organisation_id)!, delivery);
      await deps.db.execute(
        sql`update digest_deliveries set delivered_at = now(), attempts = attempts + 1, last_error = null where ${where}`,
      );
      counts.delivered++;
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      const log = { organisationId: delivery.organisation_id, periodAt: delivery.period_at, channel: delivery.channel };
      if (error instanceof RefusedForGood) {
        await deps.db.execute(sql`
          update digest_deliveries set rejected_at = now(), attempts = attempts + 1, last_error = ${message} where ${where}`);
        deps.logger.error({ ...log, error: message }, "digest refused by its receiver; not retried");
        counts.rejected++;
        continue;
      }
      const delayMs = Math.max(
        backoffMs(deps.retry, delivery.attempts + 1),
        error instanceof RetryAfter ? error.afterMs : 0,
      );
      await deps.db.execute(sql`
        update digest_deliveries set attempts = attempts + 1, last_error = ${message}, next_attempt_at = ${retryIn(delayMs)}
        where ${where}`);
      deps.logger.warn(
        { ...log, attempt: delivery.attempts + 1, retryInMs: delayMs, error: message },
        "digest delivery failed; will retry",
      );
      if (!(error instanceof RetryAfter) && !isRecipientError(error)) unreachable.add(server);
      counts.failed++;
    }
  }
  if (due.length > 0) deps.logger.info(counts, "digest deliveries sent");
  return counts;
}

/** An SMTP answer about one recipient (4xx to RCPT): the server is up, other recipients may go. */
function isRecipientError(error: unknown): boolean {
  return (error as { code?: string }).code === "EENVELOPE";
}

async function send(
  deps: DigestDispatcherDeps,
  subscription: DigestSubscription,
  delivery: DueDelivery,
): Promise<void> {
  if (delivery.channel.startsWith("email:")) {
    const recipient = delivery.channel.slice("email:".length);
    // an address taken off the subscription (unsubscribed) gets nothing more, queued or not
    if (!subscription.email.includes(recipient))
      throw new RefusedForGood(`${recipient} is no longer subscribed to ${subscription.organisationId}'s digest`);
    if (deps.sendMail === null) throw new Error("no SMTP server configured (SMTP_HOST)");
    try {
      await deps.sendMail(await digestEmail(delivery.digest, deps.email, recipient));
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600)
        throw new RefusedForGood(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
    return;
  }
  if (delivery.channel !== "teams" || subscription.teams === null)
    throw new RefusedForGood(`channel ${delivery.channel} is no longer configured for ${subscription.organisationId}`);
  await postToTeams(deps, subscription.teams, delivery.digest);
}

/**
 * POSTs the card to a Teams incoming webhook or Workflows trigger. Workflows answers 202
 * Accepted, a classic incoming webhook 200; 429 carries Retry-After (Teams throttles a
 * webhook's rate). Redirects are not followed: a redirect could lead anywhere, including a
 * private address.
 */
async function postToTeams(
  deps: DigestDispatcherDeps,
  teams: { url: string; allowPrivate: boolean },
  digest: Digest,
): Promise<void> {
  if (!teams.allowPrivate) {
    const address = await privateTargetOf(teams.url, deps.resolveHost);
    if (address !== null) throw new Error(`Teams URL resolves to private address ${address}; not sent`);
  }
  const response = await fetch(teams.url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "hr-radar-analyzer" },
    body: JSON.stringify(teamsMessage(digest)),
    redirect: "manual",
    signal: AbortSignal.timeout(deps.timeoutMs),
  });
  const body = (await response.text().catch(() => "")).slice(0, 300);
  if (response.ok) return;
  const what = `Teams answered ${response.status}${body ? `: ${body}` : ""}`;
  if (response.status === 429) {
    const seconds = Number(response.headers.get("retry-after"));
    throw new RetryAfter(what, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0);
  }
  if (response.status === 408 || response.status >= 500) throw new Error(what);
  throw new RefusedForGood(what);
}
