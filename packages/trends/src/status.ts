import type { Database } from "@hr-radar/db";
import { sql } from "drizzle-orm";
import type { TrendScope } from "./locks.ts";

/**
 * A mark younger than this is the refresher's normal lag (well under a second while it
 * keeps up); an older one means the organisation's trends are behind its facts.
 */
export const TRENDS_CURRENT_WITHIN_SECONDS = 60;

/** How current one organisation's trends are, for `hr-radar status` and the API. */
export type TrendStatus = {
  organisationId: string;
  /** Not quarantined, and no change has waited longer than {@link TRENDS_CURRENT_WITHIN_SECONDS}. */
  current: boolean;
  /** RFC 3339: the oldest change not yet in the trends (null: none waiting). */
  staleSince: string | null;
  /** RFC 3339: when the first quarantined scope first failed (null: not quarantined). */
  quarantinedSince: string | null;
  /** The scopes set aside, e.g. ["function-load"]. */
  quarantinedScopes: TrendScope[];
  /** What the database said when the re-derivation last failed. */
  reason: string | null;
  /** Failed attempts so far, and when the next one is due. */
  attempts: number | null;
  retryAt: string | null;
};

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The trend status of every organisation known (with a profile, a mark or a quarantine
 * row), or of the given ones; quarantined first, then by id.
 */
export async function trendStatus(
  db: Pick<Database, "execute">,
  organisationIds?: readonly string[],
): Promise<TrendStatus[]> {
  const ids = organisationIds === undefined ? null : JSON.stringify(organisationIds);
  const rows = await db.execute<TrendStatus>(sql`
    with known as (
      select organisation_id from organisations
      union select organisation_id from trend_refresh_queue
      union select organisation_id from trend_refresh_quarantine
    ),
    wanted as (
      select organisation_id from known
      where ${ids}::jsonb is null or organisation_id in (select jsonb_array_elements_text(${ids}::jsonb))
    ),
    marks as (
      select organisation_id, min(marked_at) as stale_since from trend_refresh_queue group by organisation_id
    ),
    quarantined as (
      select organisation_id, min(first_failed_at) as since, array_agg(scope order by scope) as scopes,
             (array_agg(error order by first_failed_at))[1] as reason,
             max(attempts) as attempts, min(retry_at) as retry_at
      from trend_refresh_quarantine group by organisation_id
    )
    select w.organisation_id as "organisationId",
           q.since is null and coalesce(m.stale_since > now() - make_interval(secs => ${TRENDS_CURRENT_WITHIN_SECONDS}), true)
             as current,
           ${iso("m.stale_since")} as "staleSince",
           ${iso("q.since")} as "quarantinedSince",
           coalesce(q.scopes, '{}') as "quarantinedScopes",
           q.reason, q.attempts, ${iso("q.retry_at")} as "retryAt"
    from wanted w
    left join marks m using (organisation_id)
    left join quarantined q using (organisation_id)
    order by q.since is null, w.organisation_id`);
  return [...rows];
}
