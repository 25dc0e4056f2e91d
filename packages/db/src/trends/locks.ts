import { sql } from "drizzle-orm";
import type { Transaction } from "../client.ts";

/** Which derived tables a lock protects. */
export type TrendScope = "function-load" | "headcount";

/**
 * Serialises re-derivation of one organisation's trends across services and instances
 * (both ingest services can rebuild an organisation's weekly load). Locks are taken in a
 * fixed order, so two transactions never wait on each other in a cycle, and released at
 * commit or rollback.
 */
export async function lockOrganisationTrends(
  tx: Transaction,
  scope: TrendScope,
  organisationIds: Iterable<string>,
): Promise<void> {
  const sorted = [...new Set(organisationIds)].sort();
  for (const id of sorted) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`hr-radar:${scope}:${id}`}, 0))`);
  }
}
