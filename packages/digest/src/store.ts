import { alertChangesBetween, alertsOpenAt } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import { loadOrganisation } from "@hr-radar/organisations";
import { loadProjections } from "@hr-radar/queries";
import type { Logger } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import { type DigestSubscription, subscriptionChannels } from "./config.ts";
import { composeDigest, DIGEST_CHANGES, type Digest } from "./model.ts";
import { digestPeriodAt } from "./schedule.ts";

/** A composed digest and the period it is for. */
export interface ComposedDigest {
  digest: Digest;
  periodAt: string;
}

/**
 * Reads what one organisation's digest for the period containing `at` says, and composes
 * it: the plan and changes as the alert history stood at the period's instant, the
 * projections as of then. The period starts at the organisation's previous digest, or the
 * schedule's previous instant when there is none. Null: hr-radar has no profile for it.
 */
export async function composeDigestFor(
  db: Database,
  request: { organisationId: string; cron: string; at: string; dashboardUrl: string },
): Promise<ComposedDigest | null> {
  const profile = await loadOrganisation(db, request.organisationId);
  if (profile === null) return null;
  const period = digestPeriodAt(request.cron, profile.timeZone, request.at);
  const [previous] = await db.execute<{ period_at: string }>(sql`
    select to_json(max(period_at)) #>> '{}' as period_at from digest_periods
    where organisation_id = ${profile.organisationId} and period_at < ${period.periodAt}::timestamptz`);
  const since = previous?.period_at ? new Date(previous.period_at).toISOString() : period.previousAt;
  const [openAlerts, changes, projections] = await Promise.all([
    alertsOpenAt(db, profile.organisationId, period.periodAt),
    alertChangesBetween(db, profile.organisationId, { after: since, upTo: period.periodAt, changes: DIGEST_CHANGES }),
    loadProjections(db, profile.organisationId, period.periodAt),
  ]);
  const digest = composeDigest({
    organisation: { id: profile.organisationId, name: profile.name, timeZone: profile.timeZone },
    period: { at: period.periodAt, since },
    openAlerts,
    changes,
    projections: projections.projections,
    dashboardUrl: request.dashboardUrl,
  });
  return { digest, periodAt: period.periodAt };
}

/** What the digest schedule needs. */
export interface DigestScheduleDeps {
  db: Database;
  logger: Logger;
  subscriptions: readonly DigestSubscription[];
  dashboardUrl: string;
  /** A period whose instant is older than this (the analyzer was down) is not sent late. */
  catchUpMs: number;
}

/** What one pass of the schedule did. */
export interface ScheduleResult {
  queued: number;
  quiet: number;
  /** Organisations without a profile yet, or whose digest could not be composed. */
  skipped: number;
}

/**
 * Claims and queues every subscribed organisation's digest whose period has come and is
 * not claimed yet. The claim (a `digest_periods` row with the composed digest) and its
 * deliveries commit in one transaction: a crash before the commit leaves the period
 * unclaimed, and the next pass (of any analyzer) composes it again; after it, the
 * deliveries are in the outbox. Two analyzers claiming at once insert the same key, and
 * the primary key keeps one. One organisation failing to compose stops only its digest.
 */
export async function queueDueDigests(deps: DigestScheduleDeps, now: string): Promise<ScheduleResult> {
  const result: ScheduleResult = { queued: 0, quiet: 0, skipped: 0 };
  for (const subscription of deps.subscriptions) {
    try {
      const outcome = await queueDigest(deps, subscription, now);
      if (outcome !== null) result[outcome]++;
    } catch (error) {
      result.skipped++;
      deps.logger.error(
        { organisationId: subscription.organisationId, err: error },
        "digest not composed; the next pass retries",
      );
    }
  }
  if (result.queued + result.quiet > 0) deps.logger.info(result, "digests queued");
  return result;
}

async function queueDigest(
  deps: DigestScheduleDeps,
  subscription: DigestSubscription,
  now: string,
): Promise<"queued" | "quiet" | null> {
  const profile = await loadOrganisation(deps.db, subscription.organisationId);
  if (profile === null) return null; // no profile yet: nothing to digest
  const { periodAt } = digestPeriodAt(subscription.cron, profile.timeZone, now);
  if (Date.parse(now) - Date.parse(periodAt) > deps.catchUpMs) return null;
  const [claimed] = await deps.db.execute(sql`
    select 1 from digest_periods where organisation_id = ${subscription.organisationId} and period_at = ${periodAt}::timestamptz`);
  if (claimed !== undefined) return null;
  const composed = await composeDigestFor(deps.db, {
    organisationId: subscription.organisationId,
    cron: subscription.cron,
    at: now,
    dashboardUrl: deps.dashboardUrl,
  });
  if (composed === null) return null;
  const outcome = composed.digest.quiet && !subscription.sendWhenQuiet ? "quiet" : "queued";
  const inserted = await deps.db.transaction(async (tx) => {
    const rows = await tx.execute(sql`
      insert into digest_periods (organisation_id, period_at, since, outcome, digest)
      values (${subscription.organisationId}, ${periodAt}::timestamptz, ${composed.digest.period.since}::timestamptz,
              ${outcome}, ${JSON.stringify(composed.digest)}::jsonb)
      on conflict do nothing returning 1`);
    if (rows.length === 0) return false; // another analyzer claimed it first
    if (outcome === "queued")
      await tx.execute(sql`
        insert into digest_deliveries (organisation_id, period_at, channel)
        select ${subscription.organisationId}, ${periodAt}::timestamptz, c
        from jsonb_array_elements_text(${JSON.stringify(subscriptionChannels(subscription))}::jsonb) as c`);
    return true;
  });
  return inserted ? outcome : null;
}

/** Digest deliveries not yet accepted (nor refused for good) by their channel. */
export async function countPendingDigestDeliveries(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from digest_deliveries where delivered_at is null and rejected_at is null`,
  );
  return row?.n ?? 0;
}
