import { CATEGORY_SYNONYMS, HR_FUNCTIONS, mapCategory } from "@hr-radar/policy";
import { organisationOverview } from "@hr-radar/queries";
import { describe, expect, it } from "vitest";
import { ticketOpened, ticketVolume } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { sendEvents } from "./support/kafka.ts";

// The default mapping is applied twice: in TypeScript (mapCategory: the API, the CLI, the
// demo check) and in the trend derivation's SQL (a lookup built from the same list, keyed by
// a SQL twin of categoryKey). Every documented name, in the spellings a helpdesk uses, must
// land in the same bucket both ways.
const spellings = (name: string) => [name, name.toUpperCase(), name.toLowerCase().replaceAll(" ", "_"), ` ${name}!`];
const documented = HR_FUNCTIONS.flatMap((f) => [f, ...CATEGORY_SYNONYMS[f]]).flatMap(spellings);

describe("default category mapping", () => {
  it("counts each documented name under its function in the trends, as the API shows it", async () => {
    const { db, producer, topic, org } = await ingestFixture("tickets");
    const profileMapping = { Benefits: "payroll", "Visa desk": "compliance" };
    await db.sql`
      insert into organisations (organisation_id, name, industry, time_zone, helpdesk_categories, policy_overrides, profile_time)
      values (${org}, 'Mapped Ltd', 'information', 'UTC', ${JSON.stringify(profileMapping)}::jsonb, '{}', now())`;
    const others = ["Benefits", "Visa desk", "Visa & relocation", "Brand", "Health & Safety", "L & D"];
    const categories = [...new Set([...documented, ...others])];
    await sendEvents(producer, topic, [
      ...categories.map((c, i) => ticketOpened(org, `T-${i}`, c, "2026-10-06T09:00:00Z")),
      ticketVolume(org, "Talent Acquisition", "2026-10-05", { opened: 5, resolved: 0 }),
    ]);

    const expected = new Map<string, number>();
    for (const c of categories) {
      const bucket = mapCategory(c, profileMapping).hrFunction;
      expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
    }
    expected.set("recruiting", (expected.get("recruiting") ?? 0) + 5);
    const rows = await eventually(async () => {
      const r = await db.sql<{ hr_function: string; opened: number }[]>`
        select hr_function, tickets_opened::int as opened from function_load_weekly
        where organisation_id = ${org} and week_start = '2026-10-05' order by hr_function`;
      expect(r.reduce((n, x) => n + x.opened, 0)).toBe(categories.length + 5);
      return r;
    });
    expect(Object.fromEntries(rows.map((r) => [r.hr_function, r.opened]))).toEqual(Object.fromEntries(expected));
    // the profile wins over the defaults; what neither maps stays counted as unmapped
    expect(mapCategory("Benefits", profileMapping).hrFunction).toBe("payroll");
    expect(expected.get("unmapped")).toBe(2); // "Visa & relocation", "Brand"

    const overview = await organisationOverview(db.client.db, org);
    const shown = new Map(overview?.categoryMapping.map((m) => [m.category, m]));
    expect(shown.get("Benefits")).toEqual({ category: "Benefits", hrFunction: "payroll", source: "profile" });
    expect(shown.get("Visa desk")).toEqual({ category: "Visa desk", hrFunction: "compliance", source: "profile" });
    expect(shown.get("Health & Safety")).toEqual({
      category: "Health & Safety",
      hrFunction: "health_safety",
      source: "default",
    });
    expect(shown.get("Talent Acquisition")?.hrFunction).toBe("recruiting");
    expect(shown.get("Brand")).toEqual({ category: "Brand", hrFunction: "unmapped", source: "unmapped" });
    expect(overview?.categoryMapping).toHaveLength(categories.length + 1);
  });
});
