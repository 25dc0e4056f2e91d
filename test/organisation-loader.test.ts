import { runAnalysis } from "@hr-radar/analyzer";
import { loadOrganisation, loadOrganisations } from "@hr-radar/organisations";
import { defaultPolicy } from "@hr-radar/policy";
import { organisationOverview } from "@hr-radar/queries";
import { functionLoadTrend } from "@hr-radar/trends";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "./support/database.ts";
import { seedOrganisation } from "./support/seed.ts";

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

// One loader, one rule for a stored policy that no longer resolves (a policy schema that
// moved on after the overrides were ingested): reads show the defaults and say so, the
// analyzer refuses to decide under them.
describe("the organisation loader", () => {
  it("resolves each organisation's stored policy once, the same way for every reader", async () => {
    const db = await createTestDatabase();
    await seedOrganisation(db.sql, { id: "org-good", name: "Good", headcount: 40 });
    await seedOrganisation(db.sql, { id: "org-stale", name: "Stale", headcount: 40 });
    await db.sql`update organisations set policy_overrides = '{"thresholds": {"specialistRaiseFte": 0.9}}'
                 where organisation_id = 'org-good'`;
    // written as a pre-upgrade policy schema would have allowed; today's schema rejects it
    await db.sql`update organisations set policy_overrides = '{"thresholds": {"specialistRaiseFte": -3}}'
                 where organisation_id = 'org-stale'`;

    const [good, stale] = await loadOrganisations(db.client.db, { ids: ["org-good", "org-stale"] });
    expect(good).toMatchObject({ organisationId: "org-good", error: null });
    expect(good!.policy.thresholds.specialistRaiseFte).toBe(0.9);
    expect(stale!.policy).toEqual(defaultPolicy);
    expect(stale!.error).toMatchObject({ path: "thresholds.specialistRaiseFte" });
    expect(await loadOrganisation(db.client.db, "org-unknown")).toBeNull();

    const overview = await organisationOverview(db.client.db, "org-stale");
    expect(overview?.thresholds.specialistRaiseFte).toBe(defaultPolicy.thresholds.specialistRaiseFte);
    expect(overview?.policyError).toMatchObject({ path: "thresholds.specialistRaiseFte" });
    expect((await organisationOverview(db.client.db, "org-good"))?.policyError).toBeNull();

    // the trend read computes FTE under each organisation's own policy, from the same loader
    const rows = await functionLoadTrend(db.client.db, { grain: "week", hrFunction: "benefits" });
    expect(new Set(rows.map((r) => r.organisationId))).toEqual(new Set(["org-good", "org-stale"]));

    const summary = await runAnalysis(
      { db: db.client.db, logger, channels: [{ id: "kafka", kind: "kafka", topic: "unused" }], batchSize: 10 },
      "2026-11-09T06:00:00Z",
    );
    expect(summary).toMatchObject({ organisations: 1, skipped: 1 });
  });
});
