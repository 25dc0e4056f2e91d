import type { Transaction } from "@hr-radar/db";
import { HR_FUNCTIONS, type LoadBucket, type Policy, UNMAPPED } from "@hr-radar/policy";
import { type FunctionLoadWeek, lastCompleteWeek, type OrganisationMetrics } from "@hr-radar/rules";
import { type SQL, sql } from "drizzle-orm";
import { densifyLoad, type RawHeadcountWeek, trimToData } from "./densify.ts";

/** An organisation to evaluate, with its resolved policy. */
export interface OrganisationToEvaluate {
  organisationId: string;
  name: string;
  industry: string | null;
  timeZone: string;
  policy: Policy;
}

/**
 * Reads the metric windows of a whole batch of organisations in three set-based queries
 * (headcount weeks, function load weeks, HR team and plan), never a query per
 * organisation or per function. Each organisation's window is its own policy's lookback,
 * ending at its last complete week at `evaluatedAt` in its own time zone (the week in
 * progress is not read at all), and the HR team and plan are as of that week's Sunday:
 * an evaluation on any day of a week reads what one at the end of the previous week read.
 */
export async function readMetrics(
  tx: Transaction,
  organisations: readonly OrganisationToEvaluate[],
  evaluatedAt: string,
): Promise<OrganisationMetrics[]> {
  if (organisations.length === 0) return [];
  const params = JSON.stringify(
    organisations.map((o) => ({
      org_id: o.organisationId,
      last_week: lastCompleteWeek(evaluatedAt, o.timeZone),
      lookback: o.policy.windows.lookbackWeeks,
    })),
  );
  // `today` is the last day read: the Sunday that ends the last complete week.
  const windows = sql`
    params as (
      select p.org_id, p.lookback, p.last_week + 6 as today, p.last_week
      from jsonb_to_recordset(${params}::jsonb) as p(org_id text, last_week date, lookback int)
    ),
    weeks as (
      select p.org_id, p.today, (p.last_week - i * 7) as week_start
      from params p, generate_series(0, p.lookback - 1) i
    )`;
  // One connection per transaction: the three reads run one after another.
  const headcount = await readHeadcountWeeks(tx, windows);
  const load = await readLoadWeeks(tx, windows);
  const team = await readTeamAndPlan(tx, windows);
  return organisations.map((o) => {
    const id = o.organisationId;
    const stored = load.rows.get(id) ?? [];
    const carried = load.backlogBefore.get(id) ?? new Map();
    // load carried in from before the window means data reaches back past its start
    const firstLoadWeek = carried.size > 0 ? "0000-01-01" : (stored.map((r) => r.weekStart).sort()[0] ?? null);
    const weeks = trimToData(headcount.get(id) ?? [], firstLoadWeek);
    const current = team.get(id);
    return {
      organisationId: id,
      name: o.name,
      industry: o.industry,
      timeZone: o.timeZone,
      headcount: weeks,
      functionLoad: densifyLoad(
        weeks.map((w) => w.weekStart),
        stored,
        carried,
      ),
      hrTeam: current?.hrTeam ?? { generalists: 0, specialists: {} },
      plan: current?.plan ?? null,
    };
  });
}

type Windows = SQL;

/** Every bucket a weekly load row can have: the contract maps categories to HR functions only. */
const LOAD_BUCKETS: readonly LoadBucket[] = [...HR_FUNCTIONS, UNMAPPED];

/**
 * Headcount at the end of each week (the latest day on or before it, never a future-dated
 * day), with the week's hires and terminations; null before the organisation's first
 * fact. Every organisation gets every week of its window.
 */
async function readHeadcountWeeks(tx: Transaction, windows: Windows): Promise<Map<string, RawHeadcountWeek[]>> {
  const rows = await tx.execute<{
    org_id: string;
    week_start: string;
    headcount: number | null;
    open_requisitions: number | null;
    hires: number;
    terminations: number;
  }>(sql`
    with ${windows}
    select w.org_id, w.week_start::text as week_start, latest.headcount, latest.open_requisitions,
           coalesce(moves.hires, 0)::int as hires, coalesce(moves.terminations, 0)::int as terminations
    from weeks w
    left join lateral (
      select h.headcount, h.open_requisitions from headcount_daily h
      where h.organisation_id = w.org_id and h.day <= least(w.week_start + 6, w.today)
      order by h.day desc limit 1
    ) latest on true
    left join lateral (
      select sum(h.hires) as hires, sum(h.terminations) as terminations from headcount_daily h
      where h.organisation_id = w.org_id and h.day between w.week_start and least(w.week_start + 6, w.today)
    ) moves on true
    order by w.org_id, w.week_start`);
  const byOrg = new Map<string, RawHeadcountWeek[]>();
  for (const r of rows) {
    const weeks = byOrg.get(r.org_id) ?? [];
    weeks.push({
      weekStart: r.week_start,
      headcount: r.headcount,
      hires: r.hires,
      terminations: r.terminations,
      openRequisitions: r.open_requisitions,
    });
    byOrg.set(r.org_id, weeks);
  }
  return byOrg;
}

/** Stored weekly load inside each window, and each bucket's backlog just before it. */
async function readLoadWeeks(tx: Transaction, windows: Windows) {
  const rows = await tx.execute<{
    org_id: string;
    week_start: string;
    bucket: LoadBucket;
    opened: number;
    resolved: number;
    escalated: number;
    minutes: number;
    without_minutes: number;
    backlog: number;
    before_window: boolean;
  }>(sql`
    with ${windows},
    bounds as (select org_id, min(week_start) as first_week, max(week_start) as last_week from weeks group by org_id)
    select f.organisation_id as org_id, f.week_start::text as week_start, f.hr_function as bucket,
           -- float8: the counts are bigint, which postgres.js would return as strings
           f.tickets_opened::float8 as opened, f.tickets_resolved::float8 as resolved,
           f.tickets_escalated::float8 as escalated, f.handling_minutes as minutes,
           f.resolved_without_minutes::float8 as without_minutes,
           f.backlog_at_week_end::float8 as backlog, false as before_window
    from function_load_weekly f join bounds b on b.org_id = f.organisation_id
    where f.week_start between b.first_week and b.last_week
    union all
    -- each bucket's last week before the window: one index probe per organisation and
    -- bucket (the buckets are the contract's HR functions plus unmapped), instead of
    -- sorting all of an organisation's older weeks
    select b.org_id, c.week_start::text, k.bucket, 0, 0, 0, 0::float8, 0, c.backlog_at_week_end::float8, true
    from bounds b
    cross join jsonb_array_elements_text(${JSON.stringify(LOAD_BUCKETS)}::jsonb) as k(bucket)
    join lateral (
      select f.week_start, f.backlog_at_week_end from function_load_weekly f
      where f.organisation_id = b.org_id and f.hr_function = k.bucket and f.week_start < b.first_week
      order by f.week_start desc limit 1
    ) c on true`);
  const stored = new Map<string, FunctionLoadWeek[]>();
  const backlogBefore = new Map<string, Map<LoadBucket, number>>();
  for (const r of rows) {
    if (r.before_window) {
      const carried = backlogBefore.get(r.org_id) ?? new Map<LoadBucket, number>();
      carried.set(r.bucket, r.backlog);
      backlogBefore.set(r.org_id, carried);
      continue;
    }
    const list = stored.get(r.org_id) ?? [];
    list.push({
      weekStart: r.week_start,
      bucket: r.bucket,
      ticketsOpened: r.opened,
      ticketsResolved: r.resolved,
      ticketsEscalated: r.escalated,
      handlingMinutes: r.minutes,
      resolvedWithoutMinutes: r.without_minutes,
      backlogAtWeekEnd: r.backlog,
    });
    stored.set(r.org_id, list);
  }
  return { rows: stored, backlogBefore };
}

/** The HR team at the end of the last complete week, and the latest headcount plan that still lies ahead of it. */
async function readTeamAndPlan(tx: Transaction, windows: Windows) {
  const rows = await tx.execute<{
    org_id: string;
    generalists: number | null;
    specialists: Record<string, number> | null;
    planned_headcount: number | null;
    planned_by: string | null;
  }>(sql`
    with ${windows}
    select p.org_id, team.generalists, team.specialists, plan.planned_headcount, plan.planned_by::text as planned_by
    from params p
    left join lateral (
      select t.generalists, t.specialists from hr_team_daily t
      where t.organisation_id = p.org_id and t.day <= p.today order by t.day desc limit 1
    ) team on true
    left join lateral (
      select h.planned_headcount, h.planned_by from headcount_daily h
      where h.organisation_id = p.org_id and h.day <= p.today and h.planned_headcount is not null
      order by h.day desc limit 1
    ) plan on plan.planned_by > p.today`);
  return new Map(
    rows.map((r) => [
      r.org_id,
      {
        hrTeam: { generalists: r.generalists ?? 0, specialists: r.specialists ?? {} },
        plan:
          r.planned_headcount !== null && r.planned_by !== null
            ? { plannedHeadcount: r.planned_headcount, plannedBy: r.planned_by }
            : null,
      },
    ]),
  );
}
