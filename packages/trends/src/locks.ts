import type { Transaction } from "@hr-radar/db";
import type { TREND_SCOPES } from "@hr-radar/db/schema";
import { sql } from "drizzle-orm";

/** Which derived tables a lock (and a refresh mark) covers. */
export type TrendScope = (typeof TREND_SCOPES)[number];

/** The advisory-lock key of one organisation's trends in one scope. */
export function trendLockKey(scope: TrendScope, organisationId: string): string {
  return `hr-radar:${scope}:${organisationId}`;
}

/**
 * Takes the locks that are free right now and returns their keys: a refresher skips an
 * organisation another one is re-deriving (it will see the mark again if it is still
 * stale), instead of queueing behind it. This is the only lock a re-derivation takes, so
 * a refresher never waits on another (nor in a cycle with one); the locks are released at
 * commit or rollback.
 */
export async function tryLockOrganisationTrends(tx: Transaction, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.execute<{ key: string }>(sql`
    select k.key from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
    where pg_try_advisory_xact_lock(hashtextextended(k.key, 0))`);
  return new Set(rows.map((r) => r.key));
}
