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
  const keys = [...new Set(organisationIds)].sort().map((id) => `hr-radar:${scope}:${id}`);
  if (keys.length === 0) return;
  // One round trip for all of them; the ordered subquery feeds the aggregate in key order.
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(hashtextextended(k.key, 0)))
    from (select key from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) with ordinality as k(key, n) order by n) k`);
}
