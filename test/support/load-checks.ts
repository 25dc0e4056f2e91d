// After a run, the stored facts and trends must add up exactly to what was produced:
// a fast ingest that loses or double-counts an event is not a result.
import { connectDatabase } from "@hr-radar/db";
import { refreshFunctionLoadWeekly, refreshHeadcountTrends } from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { HeadcountTotals, TicketTotals } from "./synthetic-load.ts";

/** One exact comparison. */
export interface Check {
  name: string;
  expected: number;
  actual: number;
  ok: boolean;
}

/** An ingested topic and the totals it implies. */
export interface CheckedPhase<Totals> {
  /** Prefixes every check's name. */
  label: string;
  topic: string;
  totals: Totals;
  /** The runner's own counts (its "batch applied" log lines), when it ran in this process. */
  counted?: { stored: number; deadLettered: number };
  /** Records in the topic when it holds more than the valid events (dead letters, repeats). */
  offsets?: number;
}

const TREND_TABLES = [
  "function_load_weekly",
  "headcount_daily",
  "headcount_daily_by_department",
  "hr_team_daily",
] as const;

/** Row counts of the trend tables. */
export async function trendTableRows(url: string): Promise<[string, number][]> {
  return withSql(url, async (sql) => {
    const rows: [string, number][] = [];
    for (const name of TREND_TABLES) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(name)}`;
      rows.push([name, row?.n ?? 0]);
    }
    return rows;
  });
}

/** The checks of an ingested headcount topic. */
export async function checkHeadcount(url: string, checked: CheckedPhase<HeadcountTotals>): Promise<Check[]> {
  const { totals } = checked;
  return withSql(url, async (sql) => {
    const { checks, check } = collector(checked.label);
    await checkLedger(sql, check, checked, "urn:hr-radar-bench:hris");
    const [facts] = await sql`
      select (select count(*) from organisations)::int as organisations,
             (select count(*) from headcount_snapshots)::int as snapshots,
             (select count(*) from employee_changes)::int as changes,
             (select sum(hires) from headcount_daily)::int as hires,
             (select sum(terminations) from headcount_daily)::int as terminations,
             (select sum(d.headcount) from headcount_daily d
                join (select organisation_id, max(day) as day from headcount_daily group by 1) l
                using (organisation_id, day))::int as final_headcount`;
    // headcount_daily is documented as dense from an organisation's first to its last known date.
    const [density] = await sql`
      select (select count(*) from headcount_daily)::int as rows,
             (select count(*) from hr_team_daily)::int as team_rows,
             (select sum(last_day - first_day + 1) from (
                select organisation_id, min(day) as first_day, max(day) as last_day from (
                  select organisation_id, effective_on as day from employee_changes
                  union all select organisation_id, as_of from headcount_snapshots) d
                group by organisation_id) b)::int as span_days`;
    check("organisations", totals.organisations, facts?.organisations);
    check("headcount_snapshots rows", totals.snapshots, facts?.snapshots);
    check("employee_changes rows", totals.hires + totals.terminations, facts?.changes);
    check("sum(headcount_daily.hires)", totals.hires, facts?.hires);
    check("sum(headcount_daily.terminations)", totals.terminations, facts?.terminations);
    check("headcount on each org's last day", totals.finalHeadcount, facts?.final_headcount);
    check("headcount_daily rows = days first..last (dense)", density?.span_days, density?.rows);
    check("hr_team_daily rows = headcount_daily rows", density?.rows, density?.team_rows);
    const [team] = await sql`
      select sum(t.generalists)::int as generalists,
             sum((select coalesce(sum(v::int), 0) from jsonb_each_text(t.specialists) s(k, v)))::int as specialists
      from hr_team_daily t
      join (select organisation_id, max(day) as day from hr_team_daily group by 1) l using (organisation_id, day)`;
    check("hr_team_daily generalists on each org's last day", totals.finalGeneralists, team?.generalists);
    check("hr_team_daily specialists on each org's last day", totals.finalSpecialists, team?.specialists);
    return checks;
  });
}

/** The checks of an ingested tickets topic (or prefix of it). */
export async function checkTickets(url: string, checked: CheckedPhase<TicketTotals>): Promise<Check[]> {
  const { totals } = checked;
  return withSql(url, async (sql) => {
    const { checks, check } = collector(checked.label);
    await checkLedger(sql, check, checked, "urn:hr-radar-bench:helpdesk");
    const [load] = await sql`
      select (select count(*) from tickets)::int as tickets,
             sum(tickets_opened)::int as opened, sum(tickets_resolved)::int as resolved,
             sum(tickets_escalated)::int as escalated
      from function_load_weekly`;
    const [backlog] = await sql`
      select sum(f.backlog_at_week_end)::int as n from function_load_weekly f
      join (select organisation_id, max(week_start) as week_start from function_load_weekly group by 1) l
        using (organisation_id, week_start)`;
    // function_load_weekly is documented as dense from a function's first week to the organisation's last.
    const [density] = await sql`
      select count(*)::int as rows, sum((l.last_week - f.first_week) / 7 + 1)::int as span_weeks from (
        select organisation_id, hr_function, min(week_start) as first_week, count(*) as n
        from function_load_weekly group by 1, 2) f
      join (select organisation_id, max(week_start) as last_week from function_load_weekly group by 1) l using (organisation_id)`;
    const [rows] = await sql`select count(*)::int as n from function_load_weekly`;
    check("tickets rows", totals.opened, load?.tickets);
    check("sum(function_load_weekly.tickets_opened)", totals.opened, load?.opened);
    check("sum(function_load_weekly.tickets_resolved)", totals.resolved, load?.resolved);
    check("sum(function_load_weekly.tickets_escalated)", totals.escalated, load?.escalated);
    check("backlog in each org's last week", totals.unresolved, backlog?.n);
    check("function_load_weekly rows = weeks first..last (dense)", density?.span_weeks, rows?.n);
    return checks;
  });
}

type CheckFn = (name: string, expected: unknown, actual: unknown) => void;

function collector(label: string): { checks: Check[]; check: CheckFn } {
  const checks: Check[] = [];
  const check: CheckFn = (name, expected, actual) => {
    const [e, a] = [Number(expected ?? Number.NaN), Number(actual ?? Number.NaN)];
    checks.push({ name: `${label}: ${name}`, expected: e, actual: a, ok: e === a });
  };
  return { checks, check };
}

/** Every record applied exactly once: offsets, dedupe ledger and the runner's own counts agree. */
async function checkLedger(
  sql: postgres.Sql,
  check: CheckFn,
  checked: CheckedPhase<{ records: number }>,
  source: string,
): Promise<void> {
  const { topic, totals, counted } = checked;
  const [offsets] =
    await sql`select coalesce(sum(next_offset), 0)::int as n from consumer_offsets where topic = ${topic}`;
  const [ledger] =
    await sql`select count(*)::int as n from ingested_events where source = ${source} and topic = ${topic}`;
  check("stored offsets", checked.offsets ?? totals.records, offsets?.n);
  check("ingested_events rows", totals.records, ledger?.n);
  if (counted) {
    check("events stored (runner log)", totals.records, counted.stored);
    check("dead-lettered (runner log)", 0, counted.deadLettered);
  }
}

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The stored trends equal a from-scratch re-derivation of every organisation: what the
 * incremental, chunk-by-chunk derivation built matches a full rebuild from the facts.
 * Runs in a transaction that is rolled back, so the database is left as it was.
 */
export async function checkRederivation(url: string, label: string): Promise<Check[]> {
  const database = connectDatabase(url, { max: 1 });
  const { checks, check } = collector(label);
  const rollback = new Error("rollback");
  try {
    await database.db.transaction(async (tx) => {
      for (const table of TREND_TABLES)
        await tx.execute(
          sql`create temp table ${sql.identifier(`stored_${table}`)} as select * from ${sql.identifier(table)}`,
        );
      const orgs = await tx.execute<{ organisation_id: string }>(sql`select organisation_id from organisations`);
      const everything = orgs.map((o) => ({ organisationId: o.organisation_id, from: null }));
      await refreshHeadcountTrends(tx, everything);
      await refreshFunctionLoadWeekly(tx, everything);
      for (const table of TREND_TABLES) {
        const [diff] = await tx.execute<{ n: number }>(sql`
          select count(*)::int as n from (
            (select * from ${sql.identifier(table)} except all select * from ${sql.identifier(`stored_${table}`)})
            union all
            (select * from ${sql.identifier(`stored_${table}`)} except all select * from ${sql.identifier(table)})) d`);
        check(`${table}: rows differing from a full re-derivation`, 0, diff?.n);
      }
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  } finally {
    await database.close();
  }
  return checks;
}
