import type { Database, Transaction } from "@hr-radar/db";
import { sql } from "drizzle-orm";
import type { TrendScope } from "./locks.ts";

// An organisation whose own data makes its re-derivation fail (a sum out of range, a time
// zone Postgres does not know) is set aside in `trend_refresh_quarantine`, so the pass
// commits everyone else. Its mark stays, so nothing is forgotten: the candidate query skips
// it until `retry_at`, or at once when newer facts move the mark's version past the one
// that failed (a corrected profile releases it). A successful re-derive deletes the row in
// the transaction that removes the mark.

/** First retry 30 s after the first failure, doubling per attempt up to an hour. */
export const QUARANTINE_FIRST_RETRY_SECONDS = 30;
/** The longest wait between two retries of a quarantined organisation. */
export const QUARANTINE_MAX_RETRY_SECONDS = 3_600;

/** How a failed re-derivation is handled. */
export type FailureKind =
  /** the database or the code is at fault, not one organisation: the pass fails and is retried */
  | "systemic"
  /** a conflict that a later pass will not meet (deadlock, serialization, lock timeout): the mark waits */
  | "transient"
  /** this organisation's data: set it aside */
  | "organisation";

/** SQLSTATE classes that say nothing about one organisation's data. */
const SYSTEMIC_CLASSES = new Set(["08", "28", "3D", "42", "53", "55", "57", "58", "XX", "F0", "P0"]);
const TRANSIENT_CODES = new Set(["40001", "40P01", "55P03"]);
/** A statement timeout is the organisation's size, not the server's state: set it aside too. */
const ORGANISATION_CODES = new Set(["57014"]);

/**
 * Classifies a failure by its SQLSTATE (found along the `cause` chain: drizzle wraps the
 * driver's error). No SQLSTATE (a dropped connection, a refused connect) is systemic: the
 * database, not the organisation, is away, and quarantining everyone would be wrong.
 */
export function classifyRefreshFailure(error: unknown): FailureKind {
  const { code } = rootFailure(error);
  if (code === undefined) return "systemic";
  if (TRANSIENT_CODES.has(code)) return "transient";
  if (ORGANISATION_CODES.has(code)) return "organisation";
  return SYSTEMIC_CLASSES.has(code.slice(0, 2)) ? "systemic" : "organisation";
}

/** The innermost error with a SQLSTATE (else the innermost one): its code and message. */
export function rootFailure(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error) {
    message = current.message;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return { code, message };
    current = current.cause;
  }
  return { message };
}

/** A quarantine row as it stands after a failure was recorded. */
export type QuarantineEntry = {
  scope: TrendScope;
  organisationId: string;
  error: string;
  /** 1 when the organisation has just entered quarantine. */
  attempts: number;
  firstFailedAt: string;
  retryAt: string;
};

/**
 * Records a failed re-derivation of `version` of an organisation's mark, in its own
 * statement (after the failed transaction rolled back). If the process dies before this
 * commits, the mark is still there and the next pass fails on it and isolates it again.
 */
export async function quarantine(
  db: Pick<Database, "execute">,
  failure: { scope: TrendScope; organisationId: string; version: string; error: string },
): Promise<QuarantineEntry> {
  const [row] = await db.execute<QuarantineEntry>(sql`
    insert into trend_refresh_quarantine as q (scope, organisation_id, error, retry_at, failed_version)
    values (${failure.scope}, ${failure.organisationId}, ${failure.error},
            now() + make_interval(secs => ${QUARANTINE_FIRST_RETRY_SECONDS}), ${failure.version}::bigint)
    on conflict (scope, organisation_id) do update set
      error = excluded.error,
      last_failed_at = now(),
      attempts = q.attempts + 1,
      retry_at = now() + make_interval(secs => least(${QUARANTINE_FIRST_RETRY_SECONDS} * 2 ^ least(q.attempts, 20),
                                                      ${QUARANTINE_MAX_RETRY_SECONDS})),
      failed_version = greatest(q.failed_version, excluded.failed_version)
    returning scope, organisation_id as "organisationId", error, attempts,
              to_char(first_failed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "firstFailedAt",
              to_char(retry_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "retryAt"`);
  return row!;
}

/** Releases organisations whose re-derivation has just succeeded, in that transaction. */
export async function releaseQuarantine(
  tx: Transaction,
  released: readonly { scope: TrendScope; organisationId: string }[],
): Promise<void> {
  if (released.length === 0) return;
  const rows = released.map((r) => ({ scope: r.scope, org: r.organisationId }));
  await tx.execute(sql`
    delete from trend_refresh_quarantine q
    using jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(scope text, org text)
    where q.scope = r.scope and q.organisation_id = r.org`);
}

/** An organisation set aside by the trend refresher, as operators see it. */
export type QuarantinedTrends = {
  scope: TrendScope;
  organisationId: string;
  error: string;
  /** RFC 3339: since when this organisation's trends in this scope are not current. */
  firstFailedAt: string;
  lastFailedAt: string;
  attempts: number;
  retryAt: string;
};

/** Every quarantined organisation and scope (or those of the given organisations), oldest failure first. */
export async function quarantinedTrends(
  db: Pick<Database, "execute">,
  organisationIds?: readonly string[],
): Promise<QuarantinedTrends[]> {
  const ids = organisationIds === undefined ? null : JSON.stringify(organisationIds);
  const rows = await db.execute<QuarantinedTrends>(sql`
    select scope, organisation_id as "organisationId", error, attempts,
           to_char(first_failed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "firstFailedAt",
           to_char(last_failed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "lastFailedAt",
           to_char(retry_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "retryAt"
    from trend_refresh_quarantine
    where ${ids}::jsonb is null or organisation_id in (select jsonb_array_elements_text(${ids}::jsonb))
    order by first_failed_at, organisation_id, scope`);
  return [...rows];
}

/** How many organisation trend sets (organisation x scope) are quarantined, per scope. */
export async function quarantineCounts(db: Pick<Database, "execute">): Promise<Record<TrendScope, number>> {
  const rows = await db.execute<{ scope: TrendScope; n: number }>(sql`
    select scope, count(*)::int as n from trend_refresh_quarantine group by scope`);
  const counts: Record<TrendScope, number> = { headcount: 0, "function-load": 0 };
  for (const r of rows) counts[r.scope] = r.n;
  return counts;
}
