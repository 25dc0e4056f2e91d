import { employeeKey, type IngestEvent } from "@hr-radar/events";
import { describe, expect, it } from "vitest";
import { foldHeadcountEvents } from "./fold.ts";

const secret = "0123456789abcdef0123";
const event = (type: string, data: Record<string, unknown>, time: string) =>
  ({ id: time, source: "s", type, time, data: { organisationId: "acme", ...data } }) as unknown as IngestEvent;

describe("foldHeadcountEvents", () => {
  it("keeps the newest profile and snapshot per date, whatever their order", () => {
    const batch = foldHeadcountEvents(
      [
        event("hrradar.headcount.snapshot.v1", { asOf: "2026-10-01", headcount: 11 }, "2026-10-02T00:00:00Z"),
        event("hrradar.headcount.snapshot.v1", { asOf: "2026-10-01", headcount: 10 }, "2026-10-01T00:00:00Z"),
        event("hrradar.organisation.profile.v1", { name: "New" }, "2026-10-03T00:00:00Z"),
        event("hrradar.organisation.profile.v1", { name: "Old" }, "2026-09-01T00:00:00Z"),
      ],
      secret,
    );
    expect(batch.snapshots.map((s) => s.headcount)).toEqual([11]);
    expect(batch.profiles.map((p) => p.name)).toEqual(["New"]);
    expect(batch.earliestDay.get("acme")).toBe("2026-10-01");
  });

  it("replaces employee ids with a keyed hash that is stable per organisation and secret", () => {
    const hire = event(
      "hrradar.employee.hired.v1",
      { employeeId: "E-42", hiredOn: "2026-10-05", department: "Eng", hrRole: "none" },
      "2026-10-05T00:00:00Z",
    );
    const [change] = foldHeadcountEvents([hire], secret).employeeChanges;
    expect(change).toMatchObject({ kind: "hired", effectiveOn: "2026-10-05", department: "Eng" });
    expect(change?.employeeKey).toBe(employeeKey(secret, "acme", "E-42"));
    expect(change?.employeeKey).not.toContain("E-42");
    expect(employeeKey("another-secret-0000", "acme", "E-42")).not.toBe(change?.employeeKey);
    expect(employeeKey(secret, "other-org", "E-42")).not.toBe(change?.employeeKey);
    expect(JSON.stringify(change)).not.toContain("E-42");
  });

  it("stores a recognised industry as its key and anything else as given", () => {
    const profile = (industry: string | null, time: string) =>
      foldHeadcountEvents([event("hrradar.organisation.profile.v1", { name: "A", industry }, time)], secret).profiles[0]
        ?.industry;
    expect(profile("Transportation and Warehousing", "2026-10-01T00:00:00Z")).toBe("transportation_warehousing");
    expect(profile("48-49", "2026-10-01T00:00:00Z")).toBe("transportation_warehousing");
    expect(profile(" Basket weaving ", "2026-10-01T00:00:00Z")).toBe("Basket weaving");
    expect(profile(null, "2026-10-01T00:00:00Z")).toBeNull();
  });

  it("keeps the newest HR-team roster per date, and dates the batch from it", () => {
    const batch = foldHeadcountEvents(
      [
        event(
          "hrradar.hr_team.snapshot.v1",
          { asOf: "2026-09-30", generalists: 3, specialists: {} },
          "2026-10-02T00:00:00Z",
        ),
        event(
          "hrradar.hr_team.snapshot.v1",
          { asOf: "2026-09-30", generalists: 2, specialists: {} },
          "2026-10-01T00:00:00Z",
        ),
        event("hrradar.headcount.snapshot.v1", { asOf: "2026-10-01", headcount: 10 }, "2026-10-01T00:00:00Z"),
      ],
      secret,
    );
    expect(batch.hrTeams.map((r) => r.generalists)).toEqual([3]);
    expect(batch.snapshots).toHaveLength(1);
    expect(batch.employeeChanges).toEqual([]);
    expect(batch.earliestDay.get("acme")).toBe("2026-09-30");
  });
});
