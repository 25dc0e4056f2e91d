import type { Database } from "@hr-radar/db";
import { fteHoursPerWeek } from "@hr-radar/rules";
import { policyOf, trendStatus } from "@hr-radar/trends";
import { sql } from "drizzle-orm";

/** One organisation at a glance: profile, latest headcount, HR team, the thresholds in force, trend freshness. */
export interface OrganisationOverview {
  organisationId: string;
  name: string;
  industry: string | null;
  timeZone: string;
  latest: {
    day: string;
    headcount: number;
    openRequisitions: number | null;
    plannedHeadcount: number | null;
    plannedBy: string | null;
  } | null;
  hrTeam: { day: string; generalists: number; specialists: Record<string, number> } | null;
  thresholds: { specialistRaiseFte: number; specialistClearFte: number; fteHoursPerWeek: number };
  /** Whether the trends above are current; if quarantined, since when and why (the database's error). */
  trends: { current: boolean; quarantinedSince: string | null; reason: string | null };
}

/** The overview, or null when hr-radar has no profile for the organisation. */
export async function organisationOverview(db: Database, organisationId: string): Promise<OrganisationOverview | null> {
  const [row] = await db.execute<{
    organisationId: string;
    name: string;
    industry: string | null;
    timeZone: string;
    overrides: unknown;
    latest: OrganisationOverview["latest"];
    hrTeam: OrganisationOverview["hrTeam"];
  }>(sql`
    select o.organisation_id as "organisationId", o.name, o.industry, o.time_zone as "timeZone",
           o.policy_overrides as overrides,
           (select json_build_object('day', h.day, 'headcount', h.headcount, 'openRequisitions', h.open_requisitions,
                                     'plannedHeadcount', h.planned_headcount, 'plannedBy', h.planned_by)
              from headcount_daily h where h.organisation_id = o.organisation_id order by h.day desc limit 1) as latest,
           (select json_build_object('day', t.day, 'generalists', t.generalists, 'specialists', t.specialists)
              from hr_team_daily t where t.organisation_id = o.organisation_id order by t.day desc limit 1) as "hrTeam"
    from organisations o where o.organisation_id = ${organisationId}`);
  if (!row) return null;
  const { overrides, ...overview } = row;
  const policy = policyOf(overrides);
  const [status] = await trendStatus(db, [organisationId]);
  return {
    ...overview,
    thresholds: {
      specialistRaiseFte: policy.thresholds.specialistRaiseFte,
      specialistClearFte: policy.thresholds.specialistClearFte,
      fteHoursPerWeek: fteHoursPerWeek(policy),
    },
    trends: {
      current: status?.current ?? true,
      quarantinedSince: status?.quarantinedSince ?? null,
      reason: status?.reason ?? null,
    },
  };
}

/** Every organisation with a profile: id, name, industry, latest headcount (for `hr-radar orgs`). */
export async function listOrganisations(
  db: Database,
): Promise<{ organisationId: string; name: string; industry: string | null; headcount: number | null }[]> {
  return db.execute(sql`
    select o.organisation_id as "organisationId", o.name, o.industry,
           (select h.headcount from headcount_daily h where h.organisation_id = o.organisation_id order by h.day desc limit 1) as headcount
    from organisations o order by o.organisation_id`) as Promise<
    { organisationId: string; name: string; industry: string | null; headcount: number | null }[]
  >;
}
