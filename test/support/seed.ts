import type postgres from "postgres";

/** A Monday `weeks` weeks before 2026-11-02 (a Monday), as YYYY-MM-DD. */
export const mondayWeeksAgo = (weeks: number): string =>
  new Date(Date.parse("2026-11-02T00:00:00Z") - weeks * 7 * 86_400_000).toISOString().slice(0, 10);

/**
 * Writes an organisation's trend rows directly (profile, 12 weeks of daily headcount,
 * weekly function load rising for benefits, an HR team, one open alert with evidence), for
 * tests of the read side (API, CLI, dashboard) that need no Kafka. Returns the alert id.
 */
export async function seedOrganisation(
  sql: postgres.Sql,
  org: { id: string; name: string; headcount: number; benefitsMinutesPerWeek?: number },
): Promise<{ alertId: number }> {
  await sql`insert into organisations (organisation_id, name, industry, time_zone, profile_time)
            values (${org.id}, ${org.name}, 'technology', 'UTC', now())`;
  await sql`
    insert into headcount_daily (organisation_id, day, headcount, hires, terminations, open_requisitions)
    select ${org.id}, d::date, ${org.headcount} + (d::date - ${mondayWeeksAgo(12)}::date) / 7,
           case when extract(isodow from d) = 1 then 1 else 0 end, 0, 5
    from generate_series(${mondayWeeksAgo(12)}::date, ${mondayWeeksAgo(0)}::date + 6, interval '1 day') d`;
  const base = org.benefitsMinutesPerWeek ?? 1200;
  await sql`
    insert into function_load_weekly (organisation_id, hr_function, week_start, tickets_opened, tickets_resolved,
                                      tickets_escalated, handling_minutes, resolved_without_minutes, backlog_at_week_end)
    select ${org.id}, f, w::date, 20 + i, 20 + i, 2, case when f = 'benefits' then ${base} + i * 60 else 300 end, 0, 3
    from generate_series(0, 12) i, lateral (select ${mondayWeeksAgo(12)}::date + i * 7 as w) weeks,
         unnest(array['benefits', 'payroll']) f`;
  await sql`insert into hr_team_daily (organisation_id, day, generalists, specialists)
            values (${org.id}, ${mondayWeeksAgo(12)}, 1, '{}'), (${org.id}, ${mondayWeeksAgo(0)}, 2, '{"payroll": 1}')`;
  const [alert] = await sql<{ alert_id: number }[]>`
    insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation, severity, fired_rules,
                        summary, evidence, opened_at, updated_at)
    values (${org.id}, 'benefits', 'sustained-load', 1, 'open', 'hire_specialist', 'medium',
            ${JSON.stringify([{ ruleId: "sustained-load", version: 1 }])}::jsonb,
            ${`Benefits load averaged 0.95 FTE over the last 8 weeks at ${org.name}: a benefits specialist is justified.`},
            ${JSON.stringify({ averageFte: 0.95, thresholdFte: 0.8, weeksOverThreshold: 7, window: { from: mondayWeeksAgo(7), to: mondayWeeksAgo(0) } })}::jsonb,
            now(), now())
    returning alert_id`;
  return { alertId: Number(alert!.alert_id) };
}
