import { describe, expect, it } from "vitest";
import { openConditionsOf, recommendByFunction } from "./recommendations.ts";
import { evaluate, organisation, ramp } from "./testing/builders.ts";

// The unit a person sees: one recommendation per organisation x function, however many
// rules back it.

const manufacturer = organisation({
  industry: "manufacturing",
  headcount: 120,
  generalists: 2,
  loadFte: { health_safety: 0.3, hr_operations: 0.4 },
  tickets: { health_safety: 30 },
  escalationShare: { health_safety: 0.4 },
});

describe("recommendByFunction", () => {
  it("gives a manufacturer's health & safety one recommendation with both reasons", () => {
    const findings = evaluate(manufacturer);
    const safety = findings.filter((f) => f.hrFunction === "health_safety");
    expect(safety.map((f) => f.ruleId).sort()).toEqual(["escalation-depth", "regulated-industry"]);

    const units = recommendByFunction(findings);
    const functions = units.map((u) => u.hrFunction);
    expect(new Set(functions).size).toBe(functions.length);
    const unit = units.find((u) => u.hrFunction === "health_safety")!;
    expect(unit.recommendation).toBe("hire_specialist");
    expect(unit.reasons.map((r) => r.ruleId).sort()).toEqual(["escalation-depth", "regulated-industry"]);
    // the lead is the most severe reason, and the unit takes its severity and evidence
    const highest = Math.max(...safety.map((f) => ["info", "low", "medium", "high"].indexOf(f.severity)));
    expect(["info", "low", "medium", "high"].indexOf(unit.severity)).toBe(highest);
    expect(unit.ruleId).toBe(unit.reasons[0]!.ruleId);
    expect(unit.evidence).toEqual(unit.reasons[0]!.evidence);
    expect(unit.summary).toContain(`Also backed by ${unit.reasons[1]!.ruleId}.`);
    // every cited rule once, the lead first
    const cited = unit.firedRules.map((r) => r.ruleId);
    expect(cited[0]).toBe(unit.ruleId);
    expect(new Set(cited).size).toBe(cited.length);
    expect(cited).toEqual(expect.arrayContaining(["escalation-depth", "regulated-industry", "size-band"]));
  });

  it("keeps each reason's own summary and evidence", () => {
    const findings = evaluate(manufacturer);
    const unit = recommendByFunction(findings).find((u) => u.hrFunction === "health_safety")!;
    for (const reason of unit.reasons) {
      const finding = findings.find((f) => f.hrFunction === "health_safety" && f.ruleId === reason.ruleId)!;
      expect(reason).toEqual({
        ruleId: finding.ruleId,
        ruleVersion: finding.ruleVersion,
        recommendation: finding.recommendation,
        severity: finding.severity,
        status: finding.status,
        summary: finding.summary,
        evidence: finding.evidence,
        firedRules: finding.firedRules,
      });
    }
  });

  it("lets the stronger action lead when a function's reasons disagree", () => {
    const metrics = organisation({
      headcount: ramp(280, 320),
      generalists: 1,
      loadFte: { benefits: 0.3, hr_operations: 0.5, unmapped: 0.5 },
    });
    const ops = recommendByFunction(evaluate(metrics)).find((u) => u.hrFunction === "hr_operations")!;
    expect(ops.reasons.map((r) => r.ruleId)).toContain("unmapped-load");
    expect(ops.recommendation).toBe("add_generalist");
    expect(ops.reasons[0]!.recommendation).toBe("add_generalist");
  });

  it("is sorted by function, deterministic and plain JSON", () => {
    const units = recommendByFunction(evaluate(manufacturer));
    expect(units.map((u) => u.hrFunction)).toEqual(units.map((u) => u.hrFunction).sort());
    expect(recommendByFunction(evaluate(manufacturer))).toEqual(units);
    expect(JSON.parse(JSON.stringify(units))).toStrictEqual(units);
    expect(recommendByFunction([])).toEqual([]);
  });

  it("hands every reason back to the rules as an open condition, so hysteresis holds each", () => {
    const units = recommendByFunction(evaluate(manufacturer));
    const conditions = openConditionsOf(units);
    expect(conditions.length).toBe(units.reduce((n, u) => n + u.reasons.length, 0));
    expect(conditions).toContainEqual(
      expect.objectContaining({ hrFunction: "health_safety", ruleId: "escalation-depth" }),
    );
    // evaluating again with them open gives the same units
    expect(recommendByFunction(evaluate(manufacturer, { openAlerts: conditions }))).toEqual(units);
  });
});
