import type { Transaction } from "@hr-radar/db";
import { defaultCategoryKeys } from "@hr-radar/policy";
import { type SQL, sql } from "drizzle-orm";
import type { TrendChange, TrendStart } from "./changes.ts";

/**
 * An organisation whose helpdesk facts changed, and the earliest instant affected; null
 * means everything (its time zone or category mapping changed).
 */
export type LoadChange = TrendChange;

/**
 * Re-derives `function_load_weekly` for the given organisations from their earliest
 * affected week onwards, from the ticket and volume facts: one start per organisation,
 * each under the organisation's trend lock, which the caller holds (`refreshStaleTrends`
 * try-locks the organisations it takes). Deriving from facts, rather
 * than adding increments, is what makes late, repeated and out-of-order events land
 * correctly: the result depends only on the set of facts, not on their arrival order.
 *
 * Weeks start on Monday in the organisation's time zone. Opened and escalated tickets
 * count in the week they happened, resolved tickets (and their handling minutes) in the
 * week they were resolved; the backlog at week end counts tickets seen opened and not yet
 * resolved, plus the backlog a volume report gave for the week. A category counts under
 * the function the profile maps it to, else the function it names by default
 * (`mapCategory` in @hr-radar/policy), else `unmapped`.
 */
export async function refreshFunctionLoadWeekly(tx: Transaction, starts: readonly TrendStart[]): Promise<void> {
  if (starts.length === 0) return;
  const affected = affectedWeeks(await startWeeks(tx, starts));
  await tx.execute(sql`
    with ${affected}
    delete from function_load_weekly f using affected a
    where f.organisation_id = a.org_id and f.week_start >= a.from_week`);
  await tx.execute(sql`
    with ${affected},
    ticket_facts as (
      select t.organisation_id as org_id,
             ${bucketOf(sql`t.category`)} as bucket,
             date_trunc('week', t.opened_at at time zone a.tz)::date as opened_week,
             date_trunc('week', t.resolved_at at time zone a.tz)::date as resolved_week,
             date_trunc('week', t.escalated_at at time zone a.tz)::date as escalated_week,
             t.handling_minutes, a.from_week
      from tickets t join affected a on a.org_id = t.organisation_id
    ),
    volume_facts as (
      select v.organisation_id as org_id, v.category, v.period_start,
             ${bucketOf(sql`v.category`)} as bucket,
             date_trunc('week', v.period_start)::date as week,
             v.opened, v.resolved, v.escalated, v.handling_minutes, v.backlog_at_period_end, a.from_week
      from ticket_volume_reports v join affected a on a.org_id = v.organisation_id
    ),
    -- Only weeks from the first one to re-derive are recomputed. What the earlier weeks
    -- carry into it is the running backlog (tickets seen opened, less those resolved),
    -- counted here without building their weekly series.
    carried as (
      select f.org_id, f.bucket,
             count(*) filter (where f.opened_week < a.from_week)
               - count(*) filter (where f.resolved_week < a.from_week and f.opened_week is not null) as backlog
      from ticket_facts f join affected a on a.org_id = f.org_id
      where f.opened_week < a.from_week or f.resolved_week < a.from_week
      group by f.org_id, f.bucket
    ),
    increments (org_id, bucket, week, opened, resolved, escalated, minutes, without_minutes, backlog_delta) as (
      select org_id, bucket, opened_week, 1, 0, 0, 0::float8, 0, 1
        from ticket_facts where opened_week >= from_week
      union all
      -- Only a ticket seen opened can leave the backlog; one resolved but never seen
      -- opened (opened before ingestion began) still counts as resolved work.
      select org_id, bucket, resolved_week, 0, 1, 0, coalesce(handling_minutes, 0),
             (handling_minutes is null)::int, case when opened_week is null then 0 else -1 end
        from ticket_facts where resolved_week >= from_week
      union all
      select org_id, bucket, escalated_week, 0, 0, 1, 0, 0, 0
        from ticket_facts where escalated_week >= from_week
      union all
      select org_id, bucket, week, opened, resolved, escalated, coalesce(handling_minutes, 0),
             case when handling_minutes is null then resolved else 0 end, 0
        from volume_facts where week >= from_week
    ),
    weekly as (
      select i.org_id, i.bucket, i.week, sum(i.opened) as opened, sum(i.resolved) as resolved,
             sum(i.escalated) as escalated, sum(i.minutes) as minutes,
             sum(i.without_minutes) as without_minutes, sum(i.backlog_delta) as backlog_delta
      from increments i join affected a on a.org_id = i.org_id
      where i.week >= a.from_week
      group by i.org_id, i.bucket, i.week
    ),
    reported_backlog as (
      -- The last report of each category in a week gives that category's backlog.
      select org_id, bucket, week, sum(backlog_at_period_end) as backlog
      from (
        select distinct on (org_id, category, week) org_id, bucket, week, backlog_at_period_end
        from volume_facts where backlog_at_period_end is not null
        order by org_id, category, week, period_start desc
      ) latest
      group by org_id, bucket, week
    ),
    -- Buckets that already have rows before the first week to re-derive: the stored series
    -- is dense from a bucket's first week, and the weeks before are kept, so the week
    -- before lists every one of them.
    stored_buckets as (
      select f.organisation_id as org_id, f.hr_function as bucket, f.week_start + 7 as week
      from function_load_weekly f join affected a on a.org_id = f.organisation_id
      where f.week_start = a.from_week - 7
    ),
    series as (
      select b.org_id, b.bucket, gs::date as week
      from (select org_id, bucket, min(week) as first_week from (
              select org_id, bucket, week from weekly
              union all
              select org_id, bucket, week from stored_buckets
            ) x group by org_id, bucket) b
      join (select org_id, max(week) as last_week from weekly group by org_id) l using (org_id),
      generate_series(b.first_week, l.last_week, interval '7 days') gs
    ),
    dense as (
      select s.org_id, s.bucket, s.week,
             coalesce(w.opened, 0) as opened, coalesce(w.resolved, 0) as resolved,
             coalesce(w.escalated, 0) as escalated, coalesce(w.minutes, 0) as minutes,
             coalesce(w.without_minutes, 0) as without_minutes,
             greatest(0, coalesce(c.backlog, 0)
                         + sum(coalesce(w.backlog_delta, 0)) over (partition by s.org_id, s.bucket order by s.week))
               + coalesce(r.backlog, 0) as backlog
      from series s
      left join weekly w using (org_id, bucket, week)
      left join reported_backlog r using (org_id, bucket, week)
      left join carried c using (org_id, bucket)
    )
    insert into function_load_weekly (organisation_id, hr_function, week_start, tickets_opened,
      tickets_resolved, tickets_escalated, handling_minutes, resolved_without_minutes, backlog_at_week_end)
    select d.org_id, d.bucket, d.week, d.opened, d.resolved, d.escalated, d.minutes, d.without_minutes, d.backlog
    from dense d join affected a on a.org_id = d.org_id
    where d.week >= a.from_week`);
}

/**
 * The first week to re-derive per organisation (Monday, local time): the week of its
 * earliest change, but no later than the week after its last stored one, so no week is
 * skipped. Resolved once, before the rows are rewritten.
 */
async function startWeeks(
  tx: Transaction,
  starts: readonly TrendStart[],
): Promise<{ org_id: string; from_week: string }[]> {
  const rows = starts.map((c) => ({ org_id: c.organisationId, from_ts: c.from }));
  return tx.execute<{ org_id: string; from_week: string }>(sql`
    select c.org_id,
           least(coalesce(date_trunc('week', c.from_ts at time zone coalesce(o.time_zone, 'UTC'))::date, '-infinity'::date),
                 (select max(f.week_start) + 7 from function_load_weekly f where f.organisation_id = c.org_id))::text as from_week
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(org_id text, from_ts timestamptz)
    left join organisations o on o.organisation_id = c.org_id`);
}

/**
 * The affected organisations with their time zone, category mapping and first week to
 * re-derive, as a CTE named `affected`.
 */
function affectedWeeks(starts: readonly { org_id: string; from_week: string }[]) {
  return sql`affected as (
      select c.org_id,
             coalesce(o.time_zone, 'UTC') as tz,
             coalesce(o.helpdesk_categories, '{}'::jsonb) as categories,
             c.from_week
      from jsonb_to_recordset(${JSON.stringify(starts)}::jsonb) as c(org_id text, from_week date)
      left join organisations o on o.organisation_id = c.org_id
    )`;
}

/**
 * SQL twin of `categoryKey` in @hr-radar/policy (ASCII letters and digits, lowercased,
 * words split on anything else, the word "and" dropped, joined), over a text expression.
 * test/category-mapping.test.ts checks the two agree on the documented names.
 */
function categoryKeySql(category: SQL): SQL {
  return sql`array_to_string(array_remove(
    regexp_split_to_array(lower(regexp_replace(${category}, '[^A-Za-z0-9]+', ' ', 'g')), ' '), 'and'), '')`;
}

/**
 * The bucket a category counts under, for a row joined to `affected` (alias `a`): the
 * profile's mapping, then the default names (a lookup built from the one TypeScript list),
 * then `unmapped`.
 */
function bucketOf(category: SQL): SQL {
  return sql`coalesce(a.categories ->> ${category},
    ${JSON.stringify(defaultCategoryKeys())}::jsonb ->> ${categoryKeySql(category)}, 'unmapped')`;
}
