import type { Database, Transaction } from "@hr-radar/db";
import { sql } from "drizzle-orm";
import { type StoredPolicy, storedPolicy } from "./stored-policy.ts";

/** An organisation as hr-radar knows it from its latest profile event. */
export interface OrganisationProfile extends StoredPolicy {
  organisationId: string;
  name: string;
  industry: string | null;
  /** IANA zone the organisation's weeks and days are cut in. */
  timeZone: string;
  /** Helpdesk category -> HR function. */
  helpdeskCategories: Record<string, string>;
}

/** Which organisations to load: some ids, or the id range (after, upTo] in id order (upTo null: to the end). */
export type OrganisationSelection = { ids: readonly string[] } | { after: string; upTo: string | null };

type Reader = Database | Transaction;

type ProfileRow = {
  organisationId: string;
  name: string;
  industry: string | null;
  timeZone: string;
  helpdeskCategories: Record<string, string>;
  overrides: unknown;
};

/**
 * The one statement that reads `organisations` for an analysis or a read model: profiles in
 * id order, each with its policy resolved by {@link storedPolicy}.
 */
export async function loadOrganisations(db: Reader, selection: OrganisationSelection): Promise<OrganisationProfile[]> {
  if ("ids" in selection && selection.ids.length === 0) return [];
  const where =
    "ids" in selection
      ? sql`organisation_id in (select jsonb_array_elements_text(${JSON.stringify(selection.ids)}::jsonb))`
      : sql`organisation_id > ${selection.after} and (${selection.upTo}::text is null or organisation_id <= ${selection.upTo}::text)`;
  const rows = await db.execute<ProfileRow>(sql`
    select organisation_id as "organisationId", name, industry, time_zone as "timeZone",
           helpdesk_categories as "helpdeskCategories", policy_overrides as overrides
    from organisations where ${where}
    order by organisation_id`);
  return rows.map(({ overrides, ...profile }) => ({ ...profile, ...storedPolicy(overrides) }));
}

/** One organisation's profile, or null when hr-radar has none. */
export async function loadOrganisation(db: Reader, organisationId: string): Promise<OrganisationProfile | null> {
  const [profile] = await loadOrganisations(db, { ids: [organisationId] });
  return profile ?? null;
}

/**
 * The id of the `n`th organisation after `after` in id order, or null when fewer follow: the
 * upper bound of a batch of `n`, found by a keyset scan of the primary key.
 */
export async function nthOrganisationAfter(db: Reader, after: string, n: number): Promise<string | null> {
  const [last] = await db.execute<{ organisation_id: string }>(sql`
    select organisation_id from organisations where organisation_id > ${after}
    order by organisation_id offset ${n - 1} limit 1`);
  return last?.organisation_id ?? null;
}
