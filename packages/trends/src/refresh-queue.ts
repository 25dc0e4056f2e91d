import type { Database, Transaction } from "@hr-radar/db";
import { TREND_SCOPES } from "@hr-radar/db/schema";
import { sql } from "drizzle-orm";
import { earliestPerOrganisation, type TrendChange, type TrendStart } from "./changes.ts";
import { refreshFunctionLoadWeekly } from "./function-load.ts";
import { refreshHeadcountTrends } from "./headcount.ts";
import { type TrendScope, trendLockKey, tryLockOrganisationTrends } from "./locks.ts";
import {
  classifyRefreshFailure,
  type QuarantineEntry,
  quarantine,
  releaseQuarantine,
  rootFailure,
} from "./quarantine.ts";

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

/** What a pass reports besides its counts. */
export interface RefreshPassOptions {
  /**
   * Only the organisations of this share (`hashtext(id) mod of = share`): refresher lanes
   * with different shares run passes at once over disjoint organisations, so neither waits
   * for nor skips the other's.
   */
  share?: { share: number; of: number };
  /**
   * Called once per organisation (and scope) whose re-derivation failed on its own data and
   * was set aside, after the quarantine row is written: `attempts` 1 means it just entered.
   * The pass waits for it before going on to the next organisation.
   */
  onQuarantined?(entry: QuarantineEntry): void | Promise<void>;
}

/**
 * Re-derives the trends of up to `limit` marked organisations (the longest-stale first)
 * and removes the marks that did not move meanwhile. Organisations another refresher holds
 * are skipped, so any number of refreshers can run.
 *
 * The organisations are re-derived set-based in one transaction (fast). If that fails on
 * one organisation's data, it rolls back whole and each organisation is re-derived again
 * in a transaction of its own: the good ones commit, the failing one is quarantined
 * (`quarantine.ts`) with its error and skipped by later passes until its retry is due or
 * new facts arrive. An organisation already quarantined and due for a retry is re-derived
 * on its own straight away, so a retry never costs the others a failed batch. A failure
 * that is not one organisation's (the database away) fails the pass, as before; the marks
 * stay. A process that dies at any point leaves marks in place: at worst a pass is redone.
 */
export async function refreshStaleTrends(
  db: Database,
  limit: number,
  options: RefreshPassOptions = {},
): Promise<RefreshPass> {
  const candidates = await db.execute<Mark & { retrying: boolean }>(sql`
    select m.scope, m.organisation_id, m.everything, m.version::text as version,
           to_char(m.from_instant at time zone 'UTC', 'YYYY-MM-DD') as from_day,
           to_char(m.from_instant at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as from_iso,
           q.organisation_id is not null as retrying
    from trend_refresh_queue m
    left join trend_refresh_quarantine q on q.scope = m.scope and q.organisation_id = m.organisation_id
    where ${notWaiting}
      ${options.share === undefined || options.share.of <= 1 ? sql`` : sql`and mod(abs(hashtext(m.organisation_id)), ${options.share.of}) = ${options.share.share}`}
    order by m.marked_at limit ${limit}`);
  const pass: RefreshPass = { refreshed: { headcount: 0, "function-load": 0 }, deferred: 0 };
  const add = (done: RefreshPass) => {
    for (const scope of TREND_SCOPES) pass.refreshed[scope] += done.refreshed[scope];
    pass.deferred += done.deferred;
  };
  const fresh = candidates.filter((m) => !m.retrying);
  const alone = candidates.filter((m) => m.retrying);
  try {
    add(await db.transaction((tx) => rederive(tx, fresh)));
  } catch (error) {
    if (classifyRefreshFailure(error) === "systemic") throw error;
    alone.unshift(...fresh);
  }
  for (const mark of alone) {
    try {
      add(await db.transaction((tx) => rederive(tx, [mark])));
    } catch (error) {
      const kind = classifyRefreshFailure(error);
      if (kind === "systemic") throw error;
      pass.deferred++;
      if (kind === "transient") continue;
      const entry = await quarantine(db, {
        scope: mark.scope,
        organisationId: mark.organisation_id,
        version: mark.version,
        error: rootFailure(error).message,
      });
      await options.onQuarantined?.(entry);
    }
  }
  return pass;
}

/**
 * A mark the refresher takes now: not quarantined, or due for a retry, or marked again
 * since it failed (a newer version: new facts, e.g. a corrected profile).
 */
const notWaiting = sql`(q.organisation_id is null or q.retry_at <= now() or m.version > q.failed_version)`;

/**
 * Re-derives the given candidates in the caller's transaction, under the try-locks it takes.
 * The marks are read again once locked: a candidate read before (a pass's first statement,
 * or seconds earlier when a failed batch is retried one by one) may have been re-derived and
 * removed by another refresher meanwhile, and marked afresh by ingest with version 1 and an
 * earlier start; re-deriving from the stale start and removing the fresh mark (same version)
 * would lose those changes. Under the lock, only ingest touches the mark, and only upwards.
 */
async function rederive(tx: Transaction, candidates: readonly Mark[]): Promise<RefreshPass> {
  const locked = await tryLockOrganisationTrends(
    tx,
    candidates.map((m) => trendLockKey(m.scope, m.organisation_id)),
  );
  const held = candidates
    .filter((m) => locked.has(trendLockKey(m.scope, m.organisation_id)))
    .map((m) => ({ scope: m.scope, org: m.organisation_id }));
  const marks =
    held.length === 0
      ? []
      : await tx.execute<Mark>(sql`
          select m.scope, m.organisation_id, m.everything, m.version::text as version,
                 to_char(m.from_instant at time zone 'UTC', 'YYYY-MM-DD') as from_day,
                 to_char(m.from_instant at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as from_iso
          from trend_refresh_queue m
          join jsonb_to_recordset(${JSON.stringify(held)}::jsonb) as h(scope text, org text)
            on h.scope = m.scope and h.org = m.organisation_id`);
  const headcount = startsOf(marks, "headcount");
  const load = startsOf(marks, "function-load");
  await refreshHeadcountTrends(tx, headcount);
  await refreshFunctionLoadWeekly(tx, load);
  const removed = await removeMarks(tx, marks);
  await releaseQuarantine(
    tx,
    marks.map((m) => ({ scope: m.scope, organisationId: m.organisation_id })),
  );
  return {
    refreshed: { headcount: headcount.length, "function-load": load.length },
    deferred: candidates.length - removed,
  };
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

/**
 * How stale the trends are: marks waiting, and the age of the oldest in seconds (0 when
 * none). Quarantined marks are left out (`quarantinedTrends` and their own gauge report
 * them), so one organisation set aside does not make every organisation look behind.
 */
export async function trendStaleness(
  db: Pick<Database, "execute">,
): Promise<{ pending: number; oldestSeconds: number }> {
  const rows = await db.execute<{ pending: number; oldest_seconds: number }>(sql`
    select count(*)::int as pending,
           coalesce(extract(epoch from now() - min(m.marked_at)), 0)::float8 as oldest_seconds
    from trend_refresh_queue m
    where not exists (select 1 from trend_refresh_quarantine q
                      where q.scope = m.scope and q.organisation_id = m.organisation_id)`);
  return { pending: rows[0]?.pending ?? 0, oldestSeconds: rows[0]?.oldest_seconds ?? 0 };
}
