import { describe, expect, it } from "vitest";
import { EVENT_CATALOGUE } from "./catalogue.ts";
import { employeeTerminatedSchema, HEADCOUNT_EVENT_TYPES, hrTeamSnapshotSchema } from "./headcount.ts";

describe("HR-team roster event", () => {
  it("is a headcount-family event dated by asOf", () => {
    const spec = EVENT_CATALOGUE[HEADCOUNT_EVENT_TYPES.hrTeamSnapshot];
    expect(spec.family).toBe("headcount");
    expect(spec.datedFields).toEqual([{ path: "asOf", horizon: "date" }]);
  });

  it("accepts generalists and specialists per function, defaulting to none", () => {
    expect(hrTeamSnapshotSchema.parse({ organisationId: "acme", asOf: "2026-09-30", generalists: 2 })).toEqual({
      organisationId: "acme",
      asOf: "2026-09-30",
      generalists: 2,
      specialists: {},
    });
    const roster = { organisationId: "acme", asOf: "2026-09-30", generalists: 0, specialists: { payroll: 1 } };
    expect(hrTeamSnapshotSchema.parse(roster)).toEqual(roster);
  });

  it.each([
    ["an unknown function", { specialists: { astrology: 1 } }, "specialists"],
    ["a negative count", { generalists: -1 }, "generalists"],
    ["a fractional count", { specialists: { payroll: 0.5 } }, "specialists"],
    ["no date", { asOf: undefined }, "asOf"],
  ])("rejects %s", (_case, change, path) => {
    const result = hrTeamSnapshotSchema.safeParse({
      organisationId: "acme",
      asOf: "2026-09-30",
      generalists: 1,
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(path);
  });

  it("lets a termination carry the leaver's HR role, with a function only for specialists", () => {
    const base = { organisationId: "acme", employeeId: "W-1", terminatedOn: "2026-10-01" };
    expect(employeeTerminatedSchema.safeParse({ ...base, hrRole: "generalist" }).success).toBe(true);
    expect(employeeTerminatedSchema.safeParse({ ...base, hrRole: "specialist", hrFunction: "payroll" }).success).toBe(
      true,
    );
    expect(employeeTerminatedSchema.safeParse({ ...base, hrRole: "specialist" }).success).toBe(false);
    expect(employeeTerminatedSchema.safeParse({ ...base, hrFunction: "payroll" }).success).toBe(false);
    expect(employeeTerminatedSchema.safeParse(base).success).toBe(true);
  });
});
