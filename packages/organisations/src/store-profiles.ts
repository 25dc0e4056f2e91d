import type { Transaction } from "@hr-radar/db";
import { sql } from "drizzle-orm";

/** A validated organisation profile from the HRIS feed, with the event time that orders corrections. */
export interface ProfileToStore {
  organisationId: string;
  name: string;
  industry?: string | null | undefined;
  timeZone: string;
  helpdeskCategories: Record<string, string>;
  policyOverrides: Record<string, unknown>;
  eventTime: string;
}

/**
 * The one writer of `organisations`: upserts profiles in the ingest's transaction. An older
 * profile arriving late never overwrites a newer one. Returns the organisations whose stored
 * profile changed (their weekly load must be re-derived: the zone or category mapping moved).
 */
export async function upsertOrganisationProfiles(
  tx: Transaction,
  profiles: readonly ProfileToStore[],
): Promise<string[]> {
  if (profiles.length === 0) return [];
  const rows = await tx.execute<{ organisation_id: string }>(sql`
    insert into organisations as o (organisation_id, name, industry, time_zone, helpdesk_categories,
      policy_overrides, profile_time)
    select "organisationId", name, industry, "timeZone", "helpdeskCategories", "policyOverrides", "eventTime"
    from jsonb_to_recordset(${JSON.stringify(profiles)}::jsonb) as i("organisationId" text, name text,
      industry text, "timeZone" text, "helpdeskCategories" jsonb, "policyOverrides" jsonb, "eventTime" timestamptz)
    on conflict (organisation_id) do update set
      name = excluded.name, industry = excluded.industry, time_zone = excluded.time_zone,
      helpdesk_categories = excluded.helpdesk_categories, policy_overrides = excluded.policy_overrides,
      profile_time = excluded.profile_time, updated_at = now()
    where o.profile_time <= excluded.profile_time
    returning organisation_id`);
  return rows.map((r) => r.organisation_id);
}
