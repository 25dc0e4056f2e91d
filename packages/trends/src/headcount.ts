import type { Transaction } from "@hr-radar/db";
import { type SQL, sql } from "drizzle-orm";
import type { TrendStart } from "./changes.ts";

/**
 * Re-derives `headcount_daily`, `headcount_daily_by_department` and `hr_team_daily` for
 * the given organisations from their earliest affected date onwards: one start per
 * organisation, each under the organisation's trend lock, which the caller holds
 * (`refreshStaleTrends` try-locks the organisations it takes).
 *
 * Headcount on a day is the latest snapshot on or before it, moved by the hires and
 * terminations dated after that snapshot; before the first snapshot it is the running
 * sum of hires minus terminations. The same holds per department, anchored on snapshots
 * that carry a department breakdown. The HR team's make-up is the latest HR-team roster
 * on or before the day, moved by the HR-role changes of people dated after it; before
 * the first roster it is the running sum of those changes. Rosters never touch
 * headcount. A person's previous state is their previous event by effective date, so
 * a late event re-threads everything after it.
 */
export async function refreshHeadcountTrends(tx: Transaction, starts: readonly TrendStart[]): Promise<void> {
  if (starts.length === 0) return;
  const base = baseCtes(await startDays(tx, starts));
  // Two statements, not six: one clears the three tables, one re-derives all three, so the
  // shared CTEs (every affected person's history, threaded) are computed once per chunk.
  await tx.execute(sql`
    with ${base},
    ${sql.join(
      ["headcount_daily", "headcount_daily_by_department", "hr_team_daily"].map(
        (table, i) => sql`${sql.raw(`cleared_${i}`)} as (
          delete from ${sql.identifier(table)} t using affected a
          where t.organisation_id = a.org_id and t.day >= a.from_day)`,
      ),
      sql`, `,
    )}
    select 1`);
  await withoutMergeJoins(tx, () =>
    tx.execute(sql`
      with ${base}, ${orgDaily}, ${departmentDaily}, ${hrTeamDaily},
      org_inserted as (${insertOrgDaily}),
      departments_inserted as (${insertDepartmentDaily}),
      team_inserted as (${insertHrTeamDaily})
      select 1`),
  );
}

/**
 * Runs the derivation with merge joins off, then puts the setting back. The planner
 * estimates a CTE's grouped rows at a handful (2 for `dept_moves`, against 54,952 in a
 * 250-organisation pass), so it merged the department series with the day moves on the
 * organisation and department alone and filtered on the day afterwards: 26 million rows
 * compared and thrown away, 17 of a pass's 20 s (`auto_explain`, docs/performance.md).
 * Hash joins take all three keys at once.
 */
async function withoutMergeJoins(tx: Transaction, run: () => Promise<unknown>): Promise<void> {
  const [setting] = await tx.execute<{ previous: string }>(sql`
    with previous as materialized (select current_setting('enable_mergejoin') as value)
    select value as previous, set_config('enable_mergejoin', 'off', true) from previous`);
  await run();
  await tx.execute(sql`select set_config('enable_mergejoin', ${setting?.previous ?? "on"}, true)`);
}

/**
 * The first day to re-derive per organisation: its earliest change, but no later than the
 * day after its last stored row, so a batch whose earliest date lies beyond that also
 * fills the days in between (or the series would have gaps). Resolved once, before any
 * table is rewritten, so all three tables start from the same day.
 */
async function startDays(
  tx: Transaction,
  starts: readonly TrendStart[],
): Promise<{ org_id: string; from_day: string }[]> {
  const rows = starts.map((c) => ({ org_id: c.organisationId, from_day: c.from }));
  return tx.execute<{ org_id: string; from_day: string }>(sql`
    select c.org_id,
           least(coalesce(c.from_day, '-infinity'::date),
                 (select max(h.day) + 1 from headcount_daily h where h.organisation_id = c.org_id))::text as from_day
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(org_id text, from_day date)`);
}

/** CTEs shared by the three tables: affected orgs, day bounds and series starts, per-person transitions. */
function baseCtes(starts: readonly { org_id: string; from_day: string }[]): SQL {
  return sql`
    affected as (
      select org_id, from_day from jsonb_to_recordset(${JSON.stringify(starts)}::jsonb) as c(org_id text, from_day date)
    ),
    bounds as (
      select org_id, min(day) as first_day, max(day) as last_day from (
        select c.organisation_id as org_id, c.effective_on as day
        from employee_changes c join affected a on a.org_id = c.organisation_id
        union all
        select s.organisation_id, s.as_of from headcount_snapshots s join affected a on a.org_id = s.organisation_id
      ) d group by org_id
    ),
    -- Where each series starts. A day's value depends only on the latest snapshot on or
    -- before it (per anchored quantity: headcount, department breakdown, requisitions, plan)
    -- and the moves since, so the series can start at the latest such snapshot on or before
    -- the first day to re-derive; the days between it and that day are computed and
    -- discarded. Without such a snapshot it starts at the organisation's first fact. This
    -- keeps a chunk's cost independent of how much history the organisation has.
    starts as (
      select b.org_id, b.last_day,
             least(
               coalesce((select max(s.as_of) from headcount_snapshots s
                         where s.organisation_id = b.org_id and s.as_of <= a.from_day), b.first_day),
               coalesce((select max(s.as_of) from headcount_snapshots s
                         where s.organisation_id = b.org_id and s.as_of <= a.from_day and s.departments is not null), b.first_day),
               coalesce((select max(s.as_of) from headcount_snapshots s
                         where s.organisation_id = b.org_id and s.as_of <= a.from_day and s.open_requisitions is not null), 'infinity'),
               coalesce((select max(s.as_of) from headcount_snapshots s
                         where s.organisation_id = b.org_id and s.as_of <= a.from_day and s.planned_headcount is not null), 'infinity')
             ) as start_day
      from bounds b join affected a using (org_id)
    ),
    org_days as (
      select org_id, gs::date as day from starts, generate_series(start_day, last_day, interval '1 day') gs
    ),
    -- The people whose events must be threaded: everyone with an event on or after the
    -- series start (their earlier events say what state they were in), and everyone who
    -- ever held an HR role (the HR team is a running sum over them). Everyone else's moves
    -- all lie before the start, where the anchoring snapshot already counts them, so a
    -- chunk does not sort the organisation's whole history.
    people as (
      select c.organisation_id as org_id, c.employee_key
      from employee_changes c join starts s on s.org_id = c.organisation_id
      where c.effective_on >= s.start_day or c.hr_role in ('generalist', 'specialist')
      group by c.organisation_id, c.employee_key
    ),
    threaded as (
      select c.organisation_id as org_id, c.effective_on as day, c.kind, c.department,
             c.previous_department, c.hr_role, c.hr_function,
             -- true: employed before this event; false: had left; null: first time we see them
             case when lag(c.kind) over w is null then null
                  else lag(c.kind) over w <> 'terminated' end as was_employed,
             lag(c.department) over w as prev_department,
             lag(c.hr_role) over w as prev_role,
             lag(c.hr_function) over w as prev_function
      from employee_changes c join people p on p.org_id = c.organisation_id and p.employee_key = c.employee_key
      window w as (partition by c.organisation_id, c.employee_key order by c.effective_on, c.event_time, c.change_id)
    )`;
}

// --- organisation totals -----------------------------------------------------------------

const orgDaily = sql`
  org_moves as (
    select org_id, day,
           sum(case when kind = 'hired' and was_employed is not true then 1
                    when kind = 'terminated' and was_employed is not false then -1 else 0 end) as delta,
           count(*) filter (where kind = 'hired' and was_employed is not true) as hires,
           count(*) filter (where kind = 'terminated' and was_employed is not false) as terminations
    from threaded group by org_id, day
  ),
  org_running as (
    select d.org_id, d.day, coalesce(m.hires, 0) as hires, coalesce(m.terminations, 0) as terminations,
           sum(coalesce(m.delta, 0)) over running as moved,
           s.headcount as snapshot_headcount,
           count(s.headcount) over running as anchor,
           s.open_requisitions, count(s.open_requisitions) over running as reqs_anchor,
           s.planned_headcount, s.planned_by, count(s.planned_headcount) over running as plan_anchor
    from org_days d
    left join org_moves m using (org_id, day)
    left join headcount_snapshots s on s.organisation_id = d.org_id and s.as_of = d.day
    window running as (partition by d.org_id order by d.day)
  ),
  org_anchored as (
    select *,
           first_value(snapshot_headcount) over (partition by org_id, anchor order by day) as anchor_headcount,
           first_value(moved) over (partition by org_id, anchor order by day) as anchor_moved,
           first_value(open_requisitions) over (partition by org_id, reqs_anchor order by day) as reqs,
           first_value(planned_headcount) over (partition by org_id, plan_anchor order by day) as planned,
           first_value(planned_by) over (partition by org_id, plan_anchor order by day) as planned_until
    from org_running
  )`;

const insertOrgDaily = sql`
  insert into headcount_daily (organisation_id, day, headcount, hires, terminations,
    open_requisitions, planned_headcount, planned_by)
  select o.org_id, o.day,
         greatest(0, case when o.anchor = 0 then o.moved else o.anchor_headcount + o.moved - o.anchor_moved end),
         o.hires, o.terminations, o.reqs, o.planned, o.planned_until
  from org_anchored o join affected a on a.org_id = o.org_id
  where o.day >= a.from_day`;

// --- departments -------------------------------------------------------------------------

const departmentDaily = sql`
  dept_moves_raw (org_id, day, department, delta, hires, terminations) as (
    -- into the new department
    select org_id, day, department, 1,
           (kind = 'hired' and was_employed is not true)::int, 0
    from threaded
    where kind in ('hired', 'changed') and department is not null and was_employed is not false
    union all
    -- out of the previous one
    select org_id, day,
           case when was_employed then prev_department
                when kind = 'terminated' then department else previous_department end,
           -1, 0, (kind = 'terminated')::int
    from threaded
    where (kind = 'terminated' and was_employed is not false)
       or (kind in ('hired', 'changed') and was_employed is true)
       or (kind = 'changed' and was_employed is null)
  ),
  dept_moves as (
    select org_id, day, department, sum(delta) as delta, sum(hires) as hires, sum(terminations) as terminations
    from dept_moves_raw where department is not null group by org_id, day, department
  ),
  breakdowns as (
    select s.organisation_id as org_id, s.as_of as day, s.departments
    from headcount_snapshots s join affected a on a.org_id = s.organisation_id
    where s.departments is not null
  ),
  -- one row per listed department (the contract forbids listing one twice)
  breakdown_rows as (
    select b.org_id, b.day, e ->> 'department' as department, (e ->> 'headcount')::int as headcount
    from breakdowns b, jsonb_array_elements(b.departments) e
  ),
  -- Departments seen before the series start, whose movers may not be threaded: the stored
  -- series is dense from a department's first day, and the days before the first day to
  -- re-derive are kept, so the day before the start lists every one of them.
  stored_departments as (
    select h.organisation_id as org_id, h.department, h.day
    from headcount_daily_by_department h join starts s on s.org_id = h.organisation_id
    where h.day = s.start_day - 1
  ),
  dept_first_seen as (
    select org_id, department, min(day) as first_day from (
      select org_id, department, day from dept_moves
      union all
      select org_id, department, day from breakdown_rows
      union all
      select org_id, department, day from stored_departments
    ) x group by org_id, department
  ),
  dept_running as (
    select f.org_id, f.department, d.day,
           coalesce(m.hires, 0) as hires, coalesce(m.terminations, 0) as terminations,
           sum(coalesce(m.delta, 0)) over running as moved,
           -- a breakdown that does not list the department says it had nobody
           case when b.day is null then null else coalesce(r.headcount, 0) end as snapshot_headcount,
           count(b.day) over running as anchor
    from dept_first_seen f
    join org_days d on d.org_id = f.org_id and d.day >= f.first_day
    left join dept_moves m on m.org_id = f.org_id and m.department = f.department and m.day = d.day
    left join breakdowns b on b.org_id = f.org_id and b.day = d.day
    left join breakdown_rows r on r.org_id = f.org_id and r.day = d.day and r.department = f.department
    window running as (partition by f.org_id, f.department order by d.day)
  ),
  dept_anchored as (
    select *,
           first_value(snapshot_headcount) over (partition by org_id, department, anchor order by day) as anchor_headcount,
           first_value(moved) over (partition by org_id, department, anchor order by day) as anchor_moved
    from dept_running
  )`;

const insertDepartmentDaily = sql`
  insert into headcount_daily_by_department (organisation_id, day, department, headcount, hires, terminations)
  select o.org_id, o.day, o.department,
         greatest(0, case when o.anchor = 0 then o.moved else o.anchor_headcount + o.moved - o.anchor_moved end),
         o.hires, o.terminations
  from dept_anchored o join affected a on a.org_id = o.org_id
  where o.day >= a.from_day`;

// --- HR team -----------------------------------------------------------------------------

const hrTeamDaily = sql`
  team_moves_raw (org_id, day, hr_group, delta) as (
    select org_id, day, case hr_role when 'generalist' then 'generalist' else 'specialist:' || hr_function end, 1
    from threaded
    where kind in ('hired', 'changed') and hr_role in ('generalist', 'specialist') and was_employed is not false
    union all
    select org_id, day, case prev_role when 'generalist' then 'generalist' else 'specialist:' || prev_function end, -1
    from threaded
    where was_employed is true and prev_role in ('generalist', 'specialist')
    union all
    -- someone never seen before (declared by a roster) leaves, with the role the event gives
    select org_id, day, case hr_role when 'generalist' then 'generalist' else 'specialist:' || hr_function end, -1
    from threaded
    where kind = 'terminated' and was_employed is null and hr_role in ('generalist', 'specialist')
  ),
  team_moves as (
    select org_id, day, hr_group, sum(delta) as delta from team_moves_raw group by org_id, day, hr_group
  ),
  rosters as (
    select r.organisation_id as org_id, r.as_of, r.generalists, r.specialists
    from hr_team_snapshots r join starts s on s.org_id = r.organisation_id
  ),
  roster_groups (org_id, as_of, hr_group, members) as (
    select org_id, as_of, 'generalist', generalists from rosters
    union all
    select org_id, as_of, 'specialist:' || e.key, e.value::int from rosters, jsonb_each_text(specialists) e
  ),
  -- the moves before the series start seed each group's running sum
  team_groups as (
    select org_id, hr_group, sum(seed) as seed from (
      select m.org_id, m.hr_group, coalesce(sum(m.delta) filter (where m.day < s.start_day), 0) as seed
      from team_moves m join starts s using (org_id) group by m.org_id, m.hr_group
      union all
      select org_id, hr_group, 0 from roster_groups
    ) g group by org_id, hr_group
  ),
  -- A roster sets every group on its date (a group it does not list has nobody): what it
  -- says less what all moves up to that date add up to (team_moves holds every HR-role
  -- move, since every HR person is threaded), added to the running sum from then on.
  roster_offsets as (
    select r.org_id, r.as_of, g.hr_group,
           coalesce(rg.members, 0) - coalesce((
             select sum(m.delta) from team_moves m
             where m.org_id = r.org_id and m.hr_group = g.hr_group and m.day <= r.as_of
           ), 0) as delta
    from rosters r
    join team_groups g on g.org_id = r.org_id
    left join roster_groups rg on rg.org_id = r.org_id and rg.as_of = r.as_of and rg.hr_group = g.hr_group
  ),
  team_days as (
    select d.org_id, d.day,
           (select max(r.as_of) from rosters r where r.org_id = d.org_id and r.as_of <= d.day) as roster_day
    from org_days d
  ),
  team_running as (
    select d.org_id, d.day, g.hr_group,
           g.seed + sum(coalesce(m.delta, 0)) over (partition by d.org_id, g.hr_group order by d.day)
             + coalesce(o.delta, 0) as members
    from team_days d
    join team_groups g on g.org_id = d.org_id
    left join team_moves m on m.org_id = d.org_id and m.day = d.day and m.hr_group = g.hr_group
    left join roster_offsets o on o.org_id = d.org_id and o.as_of = d.roster_day and o.hr_group = g.hr_group
  ),
  team_daily as (
    select d.org_id, d.day,
           coalesce(sum(t.members) filter (where t.hr_group = 'generalist'), 0) as generalists,
           coalesce(jsonb_object_agg(substr(t.hr_group, 12), t.members)
                      filter (where t.hr_group like 'specialist:%' and t.members > 0), '{}'::jsonb) as specialists
    from org_days d
    left join team_running t on t.org_id = d.org_id and t.day = d.day
    group by d.org_id, d.day
  )`;

const insertHrTeamDaily = sql`
  insert into hr_team_daily (organisation_id, day, generalists, specialists)
  select t.org_id, t.day, greatest(0, t.generalists), t.specialists
  from team_daily t join affected a on a.org_id = t.org_id
  where t.day >= a.from_day`;
