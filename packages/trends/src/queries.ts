import type { Database } from "@hr-radar/db";
import { loadOrganisations } from "@hr-radar/organisations";
import { defaultPolicy, type LoadBucket } from "@hr-radar/policy";
import { fteHoursPerWeek, isCompletePeriod } from "@hr-radar/rules";
import { type SQL, sql } from "drizzle-orm";
import { type DateRange, daysBefore, type Grain, periodSql } from "./periods.ts";

/** Without a `from`, trends start this many days before the last stored day (26 weeks). */
export const DEFAULT_TREND_DAYS = 182;

/** Which rows: one organisation (the API always sets it) or all of them (the CLI may not). */
export interface TrendQuery extends DateRange {
  organisationId?: string | undefined;
  grain: Grain;
  /** ISO instant that decides which periods are complete (default: now). */
  asOf?: string | undefined;
}

/** Each organisation's time zone (UTC without a profile yet), to tell complete periods from the one in progress. */
async function timeZones(db: Database, organisationIds: readonly string[]): Promise<Map<string, string>> {
  const organisations = await loadOrganisations(db, { ids: [...new Set(organisationIds)] });
  return new Map(organisations.map((o) => [o.organisationId, o.timeZone]));
}

/** The last day of a period that starts on `start` (YYYY-MM-DD). */
function periodEnd(grain: Grain, start: string): string {
  if (grain === "day") return start;
  const [year, month] = start.split("-").map(Number) as [number, number];
  const end = grain === "week" ? Date.parse(`${start}T00:00:00Z`) + 6 * 86_400_000 : Date.UTC(year, month, 0);
  return new Date(end).toISOString().slice(0, 10);
}

/**
 * Whether a period lies wholly in the organisation's complete weeks at `asOf`: false for
 * the week in progress (and the month or days that contain it), whose figures are "so
 * far". Rules never read such a period; readers show it as partial.
 */
function completeness(q: TrendQuery, zones: ReadonlyMap<string, string>) {
  const asOf = q.asOf ?? new Date().toISOString();
  return (organisationId: string, periodStart: string): boolean =>
    isCompletePeriod(periodEnd(q.grain, periodStart), asOf, zones.get(organisationId) ?? "UTC");
}

/** Headcount over one period: the value at its last day, and the movement within it. */
export type HeadcountPoint = {
  organisationId: string;
  period: string;
  periodStart: string;
  headcount: number;
  hires: number;
  terminations: number;
  openRequisitions: number | null;
  /** False for the period holding the week in progress: its figures are so far. */
  complete: boolean;
};

const orgFilter = (column: string, organisationId: string | undefined): SQL =>
  organisationId === undefined ? sql`true` : sql`${sql.raw(column)} = ${organisationId}`;

/**
 * The window to read: `from`/`to` as given; a missing `from` reaches back
 * DEFAULT_TREND_DAYS from the newest stored day (so a quiet organisation still shows its
 * last half-year rather than an empty "last 26 weeks").
 */
async function resolveRange(
  db: Database,
  table: string,
  dayColumn: string,
  q: TrendQuery,
): Promise<{ from: string; to: string } | null> {
  if (q.from !== undefined && q.to !== undefined) return { from: q.from, to: q.to };
  const [row] = await db.execute<{ last: string | null }>(
    sql`select max(${sql.raw(dayColumn)})::text as last from ${sql.raw(table)} where ${orgFilter("organisation_id", q.organisationId)}`,
  );
  const last = q.to ?? row?.last ?? null;
  if (last === null) return null;
  return { from: q.from ?? daysBefore(last, DEFAULT_TREND_DAYS), to: last };
}

/** Headcount per organisation and period, oldest first. */
export async function headcountTrend(db: Database, q: TrendQuery): Promise<HeadcountPoint[]> {
  const range = await resolveRange(db, "headcount_daily", "day", q);
  if (!range) return [];
  const p = periodSql(q.grain, "day");
  const rows = await db.execute<Omit<HeadcountPoint, "complete">>(sql`
    select organisation_id as "organisationId",
           ${sql.raw(p.label)} as period,
           ${sql.raw(p.start)}::text as "periodStart",
           (array_agg(headcount order by day desc))[1]::int as headcount,
           sum(hires)::int as hires,
           sum(terminations)::int as terminations,
           (array_agg(open_requisitions order by day desc))[1] as "openRequisitions"
    from headcount_daily
    where ${orgFilter("organisation_id", q.organisationId)} and day between ${range.from}::date and ${range.to}::date
    group by organisation_id, 2, 3
    order by organisation_id, 3`);
  const complete = completeness(
    q,
    await timeZones(
      db,
      rows.map((r) => r.organisationId),
    ),
  );
  return rows.map((r) => ({ ...r, complete: complete(r.organisationId, r.periodStart) }));
}

/** Helpdesk load of one HR function over one period, with the FTE it represents. */
export type FunctionLoadPoint = {
  organisationId: string;
  period: string;
  periodStart: string;
  hrFunction: string;
  ticketsOpened: number;
  ticketsResolved: number;
  ticketsEscalated: number;
  /** Measured hands-on hours. */
  handlingHours: number;
  /** Hours estimated from the policy's default minutes, for tickets that came without them. */
  estimatedHours: number;
  /** Average weekly load in FTE over the period (hours / the policy's FTE hours per week). */
  loadFte: number;
  /** Open tickets at the end of the period's last week. */
  backlog: number;
  /** False for the week in progress (or the month holding it): its load is so far, not a week's. */
  complete: boolean;
};

/** Function load per organisation, function and period (weeks or months; days are not stored). */
export async function functionLoadTrend(
  db: Database,
  q: TrendQuery & { hrFunction?: string | undefined },
): Promise<FunctionLoadPoint[]> {
  if (q.grain === "day") throw new RangeError("function load is stored per week: use grain week or month");
  const range = await resolveRange(db, "function_load_weekly", "week_start", q);
  if (!range) return [];
  const p = periodSql(q.grain, "week_start");
  const rows = await db.execute<
    Omit<FunctionLoadPoint, "estimatedHours" | "loadFte" | "complete"> & {
      resolvedWithoutMinutes: number;
      weeks: number;
    }
  >(sql`
    select l.organisation_id as "organisationId",
           ${sql.raw(p.label)} as period,
           ${sql.raw(p.start)}::text as "periodStart",
           l.hr_function as "hrFunction",
           -- float8, not int: the sums are bigint (a JS number, exact below 2^53)
           sum(tickets_opened)::float8 as "ticketsOpened",
           sum(tickets_resolved)::float8 as "ticketsResolved",
           sum(tickets_escalated)::float8 as "ticketsEscalated",
           sum(handling_minutes) / 60.0 as "handlingHours",
           sum(resolved_without_minutes)::float8 as "resolvedWithoutMinutes",
           count(*)::int as weeks,
           (array_agg(backlog_at_week_end order by week_start desc))[1]::float8 as backlog
    from function_load_weekly l
    where ${orgFilter("l.organisation_id", q.organisationId)}
      and week_start between ${range.from}::date and ${range.to}::date
      and (${q.hrFunction ?? null}::text is null or l.hr_function = ${q.hrFunction ?? null})
    group by l.organisation_id, 2, 3, l.hr_function
    order by l.organisation_id, 3, l.hr_function`);
  const organisations = await loadOrganisations(db, { ids: [...new Set(rows.map((r) => r.organisationId))] });
  const policies = new Map(organisations.map((o) => [o.organisationId, o.policy]));
  const complete = completeness(q, new Map(organisations.map((o) => [o.organisationId, o.timeZone])));
  return rows.map(({ resolvedWithoutMinutes, weeks, ...row }) => {
    // load without a profile yet is shown under the defaults, as the analyzer would read it
    const policy = policies.get(row.organisationId) ?? defaultPolicy;
    const estimatedHours =
      (resolvedWithoutMinutes * policy.capacity.defaultHandlingMinutes[row.hrFunction as LoadBucket]) / 60;
    const loadFte = (row.handlingHours + estimatedHours) / fteHoursPerWeek(policy) / weeks;
    return {
      ...row,
      handlingHours: round(row.handlingHours),
      estimatedHours: round(estimatedHours),
      loadFte: round(loadFte),
      complete: complete(row.organisationId, row.periodStart),
    };
  });
}

/** The HR team's make-up over one period, as of its last stored day. */
export type HrTeamPoint = {
  organisationId: string;
  /** The period's label and first day, as the other trends name them. */
  period: string;
  periodStart: string;
  /** The last stored day of the period: the figures are that day's. */
  day: string;
  generalists: number;
  specialists: Record<string, number>;
};

/** HR team per organisation: one row per period, as of the period's last stored day. */
export async function hrTeamTrend(db: Database, q: TrendQuery): Promise<HrTeamPoint[]> {
  const range = await resolveRange(db, "hr_team_daily", "day", q);
  if (!range) return [];
  const p = periodSql(q.grain, "day");
  return db.execute<HrTeamPoint>(sql`
    select distinct on (organisation_id, ${sql.raw(p.start)})
           organisation_id as "organisationId", ${sql.raw(p.label)} as period, ${sql.raw(p.start)}::text as "periodStart",
           day::text as day, generalists, specialists
    from hr_team_daily
    where ${orgFilter("organisation_id", q.organisationId)} and day between ${range.from}::date and ${range.to}::date
    order by organisation_id, ${sql.raw(p.start)}, day desc`) as Promise<HrTeamPoint[]>;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** An organisation's latest daily headcount and HR team, as the overview and `hr-radar orgs` show them. */
export type LatestFigures = {
  latest: {
    day: string;
    headcount: number;
    openRequisitions: number | null;
    plannedHeadcount: number | null;
    plannedBy: string | null;
  } | null;
  hrTeam: { day: string; generalists: number; specialists: Record<string, number> } | null;
};

/** The latest daily headcount and HR-team rows of some organisations (null: every organisation). */
export async function latestFigures(
  db: Database,
  organisationIds: readonly string[] | null,
): Promise<Map<string, LatestFigures>> {
  const ids = organisationIds === null ? null : JSON.stringify(organisationIds);
  const rows = await db.execute<{ organisationId: string } & LatestFigures>(sql`
    with wanted as (
      select jsonb_array_elements_text(${ids}::jsonb) as organisation_id where ${ids}::jsonb is not null
      union
      select distinct organisation_id from headcount_daily where ${ids}::jsonb is null
    )
    select w.organisation_id as "organisationId",
           (select json_build_object('day', h.day, 'headcount', h.headcount, 'openRequisitions', h.open_requisitions,
                                     'plannedHeadcount', h.planned_headcount, 'plannedBy', h.planned_by)
              from headcount_daily h where h.organisation_id = w.organisation_id order by h.day desc limit 1) as latest,
           (select json_build_object('day', t.day, 'generalists', t.generalists, 'specialists', t.specialists)
              from hr_team_daily t where t.organisation_id = w.organisation_id order by t.day desc limit 1) as "hrTeam"
    from wanted w`);
  return new Map(rows.map(({ organisationId, latest, hrTeam }) => [organisationId, { latest, hrTeam }]));
}
