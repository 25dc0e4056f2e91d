import type { Database } from "@hr-radar/db";
import { loadOrganisation, loadOrganisations } from "@hr-radar/organisations";
import { type CategoryMapping, mapCategory, type PolicyError } from "@hr-radar/policy";
import { fteHoursPerWeek } from "@hr-radar/rules";
import { type LatestFigures, latestFigures, trendStatus } from "@hr-radar/trends";
import { sql } from "drizzle-orm";

/** One organisation at a glance: profile, latest headcount, HR team, the thresholds in force, trend freshness. */
export interface OrganisationOverview extends LatestFigures {
  organisationId: string;
  name: string;
  industry: string | null;
  timeZone: string;
  thresholds: { specialistRaiseFte: number; specialistClearFte: number; fteHoursPerWeek: number };
  /** Set when the stored policy no longer resolves and the thresholds shown are the defaults. */
  policyError: PolicyError | null;
  /** Whether the trends above are current; if quarantined, since when and why (the database's error). */
  trends: { current: boolean; quarantinedSince: string | null; reason: string | null };
  /**
   * The helpdesk-category mapping in force, by category: every category the profile maps
   * and every category seen in the helpdesk facts, with the function it counts under and
   * whether the profile, the default names or neither (`unmapped`) decided it.
   */
  categoryMapping: CategoryMapping[];
}

/** The overview, or null when hr-radar has no profile for the organisation. */
export async function organisationOverview(db: Database, organisationId: string): Promise<OrganisationOverview | null> {
  const profile = await loadOrganisation(db, organisationId);
  if (!profile) return null;
  const [figures, seen] = await Promise.all([
    latestFigures(db, [organisationId]).then((f) => f.get(organisationId)),
    categoriesSeen(db, organisationId),
  ]);
  const { policy, error } = profile;
  const [status] = await trendStatus(db, [organisationId]);
  const categories = [...new Set([...Object.keys(profile.helpdeskCategories), ...seen])].sort();
  return {
    organisationId: profile.organisationId,
    name: profile.name,
    industry: profile.industry,
    timeZone: profile.timeZone,
    latest: figures?.latest ?? null,
    hrTeam: figures?.hrTeam ?? null,
    thresholds: {
      specialistRaiseFte: policy.thresholds.specialistRaiseFte,
      specialistClearFte: policy.thresholds.specialistClearFte,
      fteHoursPerWeek: fteHoursPerWeek(policy),
    },
    policyError: error,
    trends: {
      current: status?.current ?? true,
      quarantinedSince: status?.quarantinedSince ?? null,
      reason: status?.reason ?? null,
    },
    categoryMapping: categories.map((c) => mapCategory(c, profile.helpdeskCategories)),
  };
}

/** Every helpdesk category in an organisation's ticket and volume facts (each a scan of its primary-key range). */
async function categoriesSeen(db: Database, organisationId: string): Promise<string[]> {
  const rows = await db.execute<{ category: string }>(sql`
    select category from tickets where organisation_id = ${organisationId}
    union
    select category from ticket_volume_reports where organisation_id = ${organisationId}`);
  return rows.map((r) => r.category);
}

/** Every organisation with a profile: id, name, industry, latest headcount (for `hr-radar orgs`). */
export async function listOrganisations(
  db: Database,
): Promise<{ organisationId: string; name: string; industry: string | null; headcount: number | null }[]> {
  const [profiles, figures] = await Promise.all([
    loadOrganisations(db, { after: "", upTo: null }),
    latestFigures(db, null),
  ]);
  return profiles.map((p) => ({
    organisationId: p.organisationId,
    name: p.name,
    industry: p.industry,
    headcount: figures.get(p.organisationId)?.latest?.headcount ?? null,
  }));
}
