import type { Database, Transaction } from "@hr-radar/db";
import { sql } from "drizzle-orm";
import { earliestPerOrganisation, type TrendChange, type TrendStart } from "./changes.ts";
import { refreshFunctionLoadWeekly } from "./function-load.ts";
import { refreshHeadcountTrends } from "./headcount.ts";
import { type TrendScope, trendLockKey, tryLockOrganisationTrends } from "./locks.ts";

// Trends are derived after the facts, not with them. The ingest transaction writes the
// facts and upserts one mark per organisation and scope (`markTrendsStale`); a trend
// refresher re-derives marked organisations and removes their marks in its own
// transaction (`refreshStaleTrends`). What happens if a process dies:
// - ingest, before its commit: facts and mark roll back together, the chunk is replayed;
// - refresher, before its commit: the re-derived rows and the mark removal roll back
//   together, the mark stays and the next pass re-derives the organisation.
// A mark is only removed if its version is the one the refresh read, so facts that land
// while a refresh runs leave the organisation marked for the next pass.
// The earliest point of an organisation's changes is computed once, when they are marked
// (the mark keeps the least of them); a pass re-derives each organisation from its mark,
// under the one try-lock it took on it.

/** Headcount changes are dates (local to the organisation); a mark stores them as their UTC midnight. */
const pointToTime: Record<TrendScope, (point: string) => number> = {
  headcount: (day) => Date.parse(`${day}T00:00:00Z`),
  "function-load": Date.parse,
};

/**
 * Marks organisations' trends stale from the earliest point of their changes (null: the
 * whole series), inside the caller's transaction, so the mark commits with the facts.
 */
export async function markTrendsStale(
  tx: Transaction,
  scope: TrendScope,
  changes: readonly TrendChange[],
): Promise<void> {
  if (changes.length === 0) return;
  const toTime = pointToTime[scope];
  const marks = earliestPerOrganisation(changes, toTime).map(({ organisationId, from }) => ({
    org: organisationId,
    from: from === null ? null : new Date(toTime(from)).toISOString(),
  }));
  // Rows are locked in one order (the SQL sort) in every transaction, so two chunks that
  // mark the same organisations never wait on each other in a cycle.
  await tx.execute(sql`
    insert into trend_refresh_queue as q (scope, organisation_id, from_instant, everything)
    select ${scope}, m.org, m."from", m."from" is null
    from jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) as m(org text, "from" timestamptz)
    order by m.org
    on conflict (scope, organisation_id) do update set
      from_instant = least(q.from_instant, excluded.from_instant),
      everything = q.everything or excluded.everything,
      version = q.version + 1`);
}

/** One mark as a refresh reads it. */
export type Mark = {
  scope: TrendScope;
  organisation_id: string;
  from_day: string | null;
  from_iso: string | null;
  everything: boolean;
  version: string;
};

/** What one refresh pass did. */
export interface RefreshPass {
  /** Organisations re-derived, per scope. */
  refreshed: Record<TrendScope, number>;
  /** Marks left for a later pass: held by another refresher, or marked again meanwhile. */
  deferred: number;
}

/**
 * Re-derives the trends of up to `limit` marked organisations (the longest-stale first)
 * in one transaction, and removes the marks that did not move meanwhile. Organisations
 * another refresher holds are skipped, so any number of refreshers can run.
 */
export async function refreshStaleTrends(db: Database, limit: number): Promise<RefreshPass> {
  return db.transaction(async (tx) => {
    const candidates = await tx.execute<Mark>(sql`
      select scope, organisation_id, everything, version::text as version,
             to_char(from_instant at time zone 'UTC', 'YYYY-MM-DD') as from_day,
             to_char(from_instant at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as from_iso
      from trend_refresh_queue order by marked_at limit ${limit}`);
    const locked = await tryLockOrganisationTrends(
      tx,
      candidates.map((m) => trendLockKey(m.scope, m.organisation_id)),
    );
    const marks = candidates.filter((m) => locked.has(trendLockKey(m.scope, m.organisation_id)));
    const headcount = startsOf(marks, "headcount");
    const load = startsOf(marks, "function-load");
    await refreshHeadcountTrends(tx, headcount);
    await refreshFunctionLoadWeekly(tx, load);
    const removed = await removeMarks(tx, marks);
    return {
      refreshed: { headcount: headcount.length, "function-load": load.length },
      deferred: candidates.length - removed,
    };
  });
}

/**
 * Where each marked organisation of one scope is re-derived from: its mark as it stands
 * (one per organisation and scope, already the earliest of its changes). Headcount
 * derives by local date, the weekly load by instant.
 */
export function startsOf(marks: readonly Mark[], scope: TrendScope): TrendStart[] {
  return marks
    .filter((m) => m.scope === scope)
    .map((m) => ({
      organisationId: m.organisation_id,
      from: m.everything ? null : scope === "headcount" ? m.from_day : m.from_iso,
    }));
}

/**
 * Deletes the marks whose version is still the one read. A mark an ingest transaction is
 * updating right now is skipped rather than waited for (it is about to change anyway),
 * so a refresh never waits on ingest while holding its locks.
 */
async function removeMarks(tx: Transaction, marks: readonly Mark[]): Promise<number> {
  if (marks.length === 0) return 0;
  const done = marks.map(({ scope, organisation_id, version }) => ({ scope, org: organisation_id, version }));
  const rows = await tx.execute<{ n: number }>(sql`
    with done as (
      select * from jsonb_to_recordset(${JSON.stringify(done)}::jsonb) as d(scope text, org text, version bigint)
    ),
    unchanged as (
      select q.scope, q.organisation_id from trend_refresh_queue q
      join done d on d.scope = q.scope and d.org = q.organisation_id and d.version = q.version
      for update of q skip locked
    ),
    removed as (
      delete from trend_refresh_queue q using unchanged u
      where q.scope = u.scope and q.organisation_id = u.organisation_id
      returning 1
    )
    select count(*)::int as n from removed`);
  return rows[0]?.n ?? 0;
}

/** How stale the trends are: marks waiting, and the age of the oldest in seconds (0 when none). */
export async function trendStaleness(
  db: Pick<Database, "execute">,
): Promise<{ pending: number; oldestSeconds: number }> {
  const rows = await db.execute<{ pending: number; oldest_seconds: number }>(sql`
    select count(*)::int as pending,
           coalesce(extract(epoch from now() - min(marked_at)), 0)::float8 as oldest_seconds
    from trend_refresh_queue`);
  return { pending: rows[0]?.pending ?? 0, oldestSeconds: rows[0]?.oldest_seconds ?? 0 };
}
