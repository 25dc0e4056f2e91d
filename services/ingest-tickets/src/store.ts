import type { Transaction } from "@hr-radar/db";
import type { IngestHandler } from "@hr-radar/ingest-runner";
import { type LoadChange, markTrendsStale } from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import { foldTicketEvents, type TicketFacts, type VolumeFacts } from "./fold.ts";

/**
 * Writes ticket events: merges them into the `tickets` and `ticket_volume_reports` facts,
 * and marks the weekly load of every organisation they touch stale from the earliest
 * instant affected (the trend refresher re-derives it). A few set-based statements per
 * batch, whatever its size.
 */
export const ticketHandler: IngestHandler = {
  async apply(tx, events) {
    const batch = foldTicketEvents(events);
    const changes: LoadChange[] = [...batch.earliest].map(([organisationId, from]) => ({ organisationId, from }));
    // The two upserts go out together (postgres.js pipelines them on the transaction's
    // connection); neither depends on the other.
    const [stored] = await Promise.all([upsertTickets(tx, batch.tickets), upsertVolumes(tx, batch.volumes)]);
    // A merge can move a ticket out of a week it counted in before (a later resolution, an
    // opened event that brings the category), so the rebuild also starts at the stored facts.
    changes.push(...stored);
    await markTrendsStale(tx, "function-load", changes);
  },
};

/**
 * Merges the batch's tickets into the stored ones and returns, per organisation, the
 * earliest instant the stored versions counted at before the merge. One statement: its
 * parts all see the table as it was before the statement, so `before` reads the old rows.
 */
async function upsertTickets(tx: Transaction, tickets: readonly TicketFacts[]): Promise<LoadChange[]> {
  if (tickets.length === 0) return [];
  const rows = await tx.execute<{ organisation_id: string; earliest: string | null }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(tickets)}::jsonb) as i("organisationId" text, "ticketId" text,
        category text, "openedAt" timestamptz, "resolvedAt" timestamptz,
        "escalatedAt" timestamptz, "handlingMinutes" float8, tier smallint)
    ),
    before as (
      select t.organisation_id, min(least(t.opened_at, t.resolved_at, t.escalated_at)) as earliest
      from tickets t join input i on t.organisation_id = i."organisationId" and t.ticket_id = i."ticketId"
      group by t.organisation_id
    ),
    merged as (
      insert into tickets as t (organisation_id, ticket_id, category, opened_at, resolved_at,
        escalated_at, handling_minutes, tier)
      select "organisationId", "ticketId", category, "openedAt", "resolvedAt", "escalatedAt", "handlingMinutes", tier
      from input
      on conflict (organisation_id, ticket_id) do update set
        -- the opened event names the ticket's category; other events only fill a gap
        category = case when excluded.opened_at is not null
                         and (t.opened_at is null or excluded.opened_at < t.opened_at)
                        then excluded.category else t.category end,
        opened_at = least(t.opened_at, excluded.opened_at),
        resolved_at = greatest(t.resolved_at, excluded.resolved_at),
        handling_minutes = case when excluded.resolved_at is not null
                                 and (t.resolved_at is null or excluded.resolved_at >= t.resolved_at)
                                then excluded.handling_minutes else t.handling_minutes end,
        escalated_at = least(t.escalated_at, excluded.escalated_at),
        tier = greatest(t.tier, excluded.tier),
        updated_at = now()
    )
    select organisation_id, earliest from before`);
  return rows.flatMap((r) =>
    r.earliest === null ? [] : [{ organisationId: r.organisation_id, from: new Date(r.earliest).toISOString() }],
  );
}

async function upsertVolumes(tx: Transaction, volumes: readonly VolumeFacts[]): Promise<void> {
  if (volumes.length === 0) return;
  await tx.execute(sql`
    insert into ticket_volume_reports as v (organisation_id, category, granularity, period_start,
      opened, resolved, escalated, handling_minutes, backlog_at_period_end, event_time)
    select "organisationId", category, granularity, "periodStart", opened, resolved, escalated,
           "handlingMinutes", "backlogAtPeriodEnd", "eventTime"
    from jsonb_to_recordset(${JSON.stringify(volumes)}::jsonb) as i("organisationId" text, category text,
      granularity text, "periodStart" date, opened int, resolved int, escalated int,
      "handlingMinutes" float8, "backlogAtPeriodEnd" int, "eventTime" timestamptz)
    on conflict (organisation_id, category, granularity, period_start) do update set
      opened = excluded.opened, resolved = excluded.resolved, escalated = excluded.escalated,
      handling_minutes = excluded.handling_minutes, backlog_at_period_end = excluded.backlog_at_period_end,
      event_time = excluded.event_time
    -- a report older than the stored one is a stale correction: keep the newer
    where v.event_time <= excluded.event_time`);
}
