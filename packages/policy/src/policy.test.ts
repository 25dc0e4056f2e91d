import { describe, expect, it } from "vitest";
import { HR_FUNCTIONS } from "./hr-functions.ts";
import { policySchema } from "./policy.ts";
import { defaultPolicy } from "./policy-defaults.ts";
import { policyOverridesSchema, resolvePolicy } from "./policy-overrides.ts";

function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

describe("default policy", () => {
  it("is valid, fully populated and deeply frozen", () => {
    expect(policySchema.safeParse(defaultPolicy).success).toBe(true);
    expect(Object.keys(defaultPolicy.salaries.specialist).sort()).toEqual([...HR_FUNCTIONS].sort());
    expect(Object.keys(defaultPolicy.budget.outsourcingAnnualSpend).sort()).toEqual([...HR_FUNCTIONS].sort());
    expect(isDeeplyFrozen(defaultPolicy)).toBe(true);
  });

  it("carries the article's figures", () => {
    expect(defaultPolicy.salaries.generalist).toEqual({ min: 60_000, max: 75_000 });
    expect(defaultPolicy.salaries.specialist.benefits).toEqual({ min: 80_000, max: 120_000 });
    expect(defaultPolicy.sizeBands).toEqual({ smallMaxHeadcount: 49, midMaxHeadcount: 500 });
    expect(defaultPolicy.regulation.industries.manufacturing).toEqual(["health_safety", "compliance"]);
  });

  it("survives a JSON round trip unchanged (it is stored as jsonb)", () => {
    expect(JSON.parse(JSON.stringify(defaultPolicy))).toEqual(defaultPolicy);
  });
});

describe("resolvePolicy", () => {
  it("treats undefined and null as no overrides", () => {
    expect(resolvePolicy(undefined)).toEqual({ success: true, data: defaultPolicy });
    expect(resolvePolicy(null)).toEqual({ success: true, data: defaultPolicy });
  });

  it("merges an override field by field and leaves the rest at the defaults", () => {
    const result = resolvePolicy({
      thresholds: { specialistRaiseFte: 1, specialistClearFte: 0.7 },
      budget: { mode: "tight" },
    });
    if (!result.success) throw new Error(result.error.message);
    expect(result.data.thresholds.specialistRaiseFte).toBe(1);
    expect(result.data.thresholds.specialistClearFte).toBe(0.7);
    expect(result.data.thresholds.escalationRaiseShare).toBe(defaultPolicy.thresholds.escalationRaiseShare);
    expect(result.data.budget.mode).toBe("tight");
    expect(result.data.budget.loadedCostFactor).toBe(defaultPolicy.budget.loadedCostFactor);
  });

  it("merges records key by key and replaces arrays whole", () => {
    const result = resolvePolicy({
      regulation: { industries: { mining: ["health_safety"] } },
      budget: { outsourcingAnnualSpend: { benefits: 40_000 }, outsourceableFunctions: ["payroll"] },
      salaries: { specialist: { compensation: { max: 150_000 } } },
    });
    if (!result.success) throw new Error(result.error.message);
    expect(result.data.regulation.industries.mining).toEqual(["health_safety"]);
    expect(result.data.regulation.industries.manufacturing).toEqual(["health_safety", "compliance"]);
    expect(result.data.budget.outsourcingAnnualSpend.benefits).toBe(40_000);
    expect(result.data.budget.outsourcingAnnualSpend.payroll).toBe(0);
    expect(result.data.budget.outsourceableFunctions).toEqual(["payroll"]);
    expect(result.data.salaries.specialist.compensation).toEqual({ min: 80_000, max: 150_000 });
  });

  it.each([
    ["a value of the wrong type", { windows: { sustainWeeks: "eight" } }, "windows.sustainWeeks"],
    ["a value out of range", { capacity: { targetOccupancy: 1.5 } }, "capacity.targetOccupancy"],
    [
      "a raise threshold at or below its clear threshold",
      { thresholds: { specialistRaiseFte: 0.5 } },
      "thresholds.specialistRaiseFte",
    ],
    [
      "a clear threshold at or above its raise threshold",
      { thresholds: { specialistClearFte: 0.9 } },
      "thresholds.specialistClearFte",
    ],
    ["a salary minimum above its maximum", { salaries: { generalist: { min: 90_000 } } }, "salaries.generalist.min"],
    [
      "a per-function salary minimum above its maximum",
      { salaries: { specialist: { payroll: { min: 200_000 } } } },
      "salaries.specialist.payroll.min",
    ],
    [
      "an unknown function in a list",
      { budget: { outsourceableFunctions: ["astrology"] } },
      "budget.outsourceableFunctions.0",
    ],
    [
      "an industry that is not a slug",
      { regulation: { industries: { "Heavy Industry": ["compliance"] } } },
      "regulation.industries.Heavy Industry",
    ],
    ["overrides that are not an object", "tight", ""],
  ])("rejects %s with its dotted path", (_case, overrides, path) => {
    const result = resolvePolicy(overrides);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.path).toBe(path);
  });

  it("rejects an unknown key, naming the key", () => {
    const result = resolvePolicy({ thresholds: { specialistRaiseFTE: 1 } });
    expect(result).toEqual({
      success: false,
      error: { path: "thresholds.specialistRaiseFTE", message: "is not a policy field" },
    });
    expect(resolvePolicy({ thresholdz: {} })).toMatchObject({ success: false, error: { path: "thresholdz" } });
  });

  it("never half-applies a bad override", () => {
    const before = JSON.stringify(defaultPolicy);
    const bad = resolvePolicy({ budget: { mode: "tight" }, thresholds: { specialistClearFte: 2 } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(defaultPolicy)).toBe(before);
    const next = resolvePolicy({});
    if (!next.success) throw new Error(next.error.message);
    expect(next.data.budget.mode).toBe("standard");
  });

  it("applies the README's example override", () => {
    const result = resolvePolicy({
      thresholds: { specialistRaiseFte: 1.0, specialistClearFte: 0.7 },
      budget: { mode: "tight", outsourcingAnnualSpend: { benefits: 42000 } },
      regulation: { industries: { mining: ["health_safety", "compliance"] } },
      salaries: { specialist: { compensation: { min: 95000, max: 140000 } } },
    });
    if (!result.success) throw new Error(`${result.error.path}: ${result.error.message}`);
    expect(result.data.budget.outsourcingAnnualSpend.benefits).toBe(42_000);
    expect(result.data.salaries.specialist.compensation).toEqual({ min: 95_000, max: 140_000 });
    expect(resolvePolicy({ thresholds: { specialistClearFte: 0.9 } })).toEqual({
      success: false,
      error: {
        path: "thresholds.specialistClearFte",
        message: "must be less than thresholds.specialistRaiseFte (0.8)",
      },
    });
  });

  it("accepts every field of the default policy as an override", () => {
    expect(policyOverridesSchema.safeParse(defaultPolicy).success).toBe(true);
    expect(resolvePolicy(defaultPolicy)).toEqual({ success: true, data: defaultPolicy });
  });
});
