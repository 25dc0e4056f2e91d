import { type Database, schema } from "@hr-radar/db";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";

/** Which alerts: `active` is open plus acknowledged (the default everywhere). */
export const ALERT_STATUS_FILTERS = ["active", "open", "acknowledged", "resolved", "all"] as const;
/** One of {@link ALERT_STATUS_FILTERS}. */
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];
/** One of {@link ALERT_STATUS_FILTERS}. */
export const alertStatusFilterSchema = z.enum(ALERT_STATUS_FILTERS);

/** An alert as users see it. */
export type AlertView = typeof schema.alerts.$inferSelect;

/** Alerts, newest change first, filtered by organisation, status and function. */
export async function listAlerts(
  db: Database,
  filter: { organisationId?: string | undefined; status: AlertStatusFilter; hrFunction?: string | undefined },
): Promise<AlertView[]> {
  const { alerts } = schema;
  const conditions: SQL[] = [];
  if (filter.organisationId !== undefined) conditions.push(eq(alerts.organisationId, filter.organisationId));
  if (filter.hrFunction !== undefined) conditions.push(eq(alerts.hrFunction, filter.hrFunction));
  if (filter.status === "active") conditions.push(inArray(alerts.status, ["open", "acknowledged"]));
  else if (filter.status !== "all") conditions.push(eq(alerts.status, filter.status));
  return db
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(asc(alerts.organisationId), desc(alerts.updatedAt), asc(alerts.alertId));
}

/** One alert, or null. */
export async function findAlert(db: Database, alertId: number): Promise<AlertView | null> {
  const [row] = await db.select().from(schema.alerts).where(eq(schema.alerts.alertId, alertId));
  return row ?? null;
}

/** How many alerts have each status (every status listed, zero included). */
export async function countAlertsByStatus(db: Database): Promise<{ status: string; n: number }[]> {
  return db.execute<{ status: string; n: number }>(sql`
    select s.status, count(a.alert_id)::int as n
    from unnest(array['open','acknowledged','resolved']) as s(status)
    left join alerts a on a.status = s.status
    group by s.status`);
}

/** Alert deliveries not yet accepted by their channel. */
export async function countPendingDeliveries(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from alert_deliveries where delivered_at is null`,
  );
  return row?.n ?? 0;
}

const rfc3339 = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** One delivery channel's backlog. */
export type ChannelBacklog = {
  /** `kafka`, or `webhook:<name>`. */
  channel: string;
  /** Deliveries not yet accepted by the channel. */
  pending: number;
  /** Of those, how many have failed at least once (the channel answers errors). */
  retrying: number;
  /** RFC 3339: the oldest waiting delivery's creation (null: none waiting). */
  oldestSince: string | null;
  lastError: string | null;
};

/** The outbox backlog of every channel a dispatcher has been configured with (zero rows included). */
export async function deliveryBacklogByChannel(db: Pick<Database, "execute">): Promise<ChannelBacklog[]> {
  return db.execute<ChannelBacklog>(sql`
    select c.channel,
           count(d.outbox_id)::int as pending,
           count(d.outbox_id) filter (where d.attempts > 0)::int as retrying,
           ${rfc3339("min(d.created_at)")} as "oldestSince",
           (array_agg(d.last_error order by d.created_at desc) filter (where d.last_error is not null))[1] as "lastError"
    from (select channel from alert_channels union select distinct channel from alert_deliveries where delivered_at is null) c
    left join alert_deliveries d on d.channel = c.channel and d.delivered_at is null
    group by c.channel
    order by c.channel`);
}

/** The last completed analysis run, as stored in `analyzer_runs`. */
export type AnalysisRun = {
  runId: number;
  /** RFC 3339: the instant the run evaluated as of, when it started and when it finished. */
  evaluatedAt: string;
  startedAt: string;
  finishedAt: string;
  organisations: number;
  skipped: number;
  quarantined: number;
  findings: number;
  raised: number;
  resolved: number;
};

/**
 * The last analysis that completed, or null if none has. The analyzer's
 * `hr_radar_analysis_last_success_timestamp_seconds` and `hr-radar status` both read it, so
 * they agree whichever analyzer instance ran it.
 */
export async function lastCompletedAnalysis(db: Pick<Database, "execute">): Promise<AnalysisRun | null> {
  const [row] = await db.execute<AnalysisRun>(sql`
    select run_id::int as "runId", ${rfc3339("evaluated_at")} as "evaluatedAt", ${rfc3339("started_at")} as "startedAt",
           ${rfc3339("finished_at")} as "finishedAt", organisations, skipped, quarantined, findings, raised, resolved
    from analyzer_runs where completed and finished_at is not null
    order by finished_at desc limit 1`);
  return row ?? null;
}

/** An alert as it stood at an instant: its latest recorded change up to then (a type alias: query rows must be plain records). */
export type AlertAsOf = {
  alertId: number;
  hrFunction: string;
  status: string;
  recommendation: string;
  severity: string;
  summary: string;
  /** When the recommendation was first raised. */
  openedAt: string;
};

/**
 * One organisation's alerts that were not resolved at `at`, each as its history stood
 * then (so a digest for a past period, or its preview, shows that period's plan, not
 * today's). Worst severity first, then oldest.
 */
export async function alertsOpenAt(db: Database, organisationId: string, at: string): Promise<AlertAsOf[]> {
  const rows = await db.execute<AlertAsOf>(sql`
    select a.alert_id::int as "alertId", a.hr_function as "hrFunction", h.status, h.recommendation, h.severity,
           h.summary, to_json(a.opened_at) #>> '{}' as "openedAt"
    from alerts a
    cross join lateral (
      select status, recommendation, severity, summary from alert_history
      where alert_id = a.alert_id and changed_at <= ${at}::timestamptz
      order by history_id desc limit 1) h
    where a.organisation_id = ${organisationId} and a.opened_at <= ${at}::timestamptz and h.status <> 'resolved'
    order by array_position(array['high','medium','low','info'], h.severity), a.opened_at, a.alert_id`);
  return [...rows];
}

/** A recorded change of one alert, as a digest reports it. */
export type AlertChangeRecord = {
  alertId: number;
  hrFunction: string;
  change: string;
  recommendation: string;
  severity: string;
  summary: string;
  changedAt: string;
};

/**
 * One organisation's recorded alert changes of the given kinds in (after, upTo], oldest
 * first: what a digest reports as changed since the previous one.
 */
export async function alertChangesBetween(
  db: Database,
  organisationId: string,
  window: { after: string; upTo: string; changes: readonly string[] },
): Promise<AlertChangeRecord[]> {
  const rows = await db.execute<AlertChangeRecord>(sql`
    select h.alert_id::int as "alertId", a.hr_function as "hrFunction", h.change, h.recommendation, h.severity,
           h.summary, to_json(h.changed_at) #>> '{}' as "changedAt"
    from alert_history h join alerts a using (alert_id)
    where a.organisation_id = ${organisationId}
      and h.changed_at > ${window.after}::timestamptz and h.changed_at <= ${window.upTo}::timestamptz
      and h.change in (select jsonb_array_elements_text(${JSON.stringify(window.changes)}::jsonb))
    order by h.changed_at, h.history_id`);
  return [...rows];
}
