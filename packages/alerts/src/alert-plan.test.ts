import type { Finding } from "@hr-radar/rules";
import { describe, expect, it } from "vitest";
import { canonical, planAlertActions, type StoredAlert } from "./alert-plan.ts";

const finding = (over: Partial<Finding> = {}): Finding =>
  ({
    organisationId: "acme",
    hrFunction: "benefits",
    ruleId: "sustained-load",
    ruleVersion: 1,
    firedRules: [{ ruleId: "sustained-load", version: 1 }],
    recommendation: "hire_specialist",
    severity: "medium",
    status: "raised",
    summary: "Benefits load averaged 0.9 FTE.",
    evidence: { average: 0.9, window: { weeks: 8 } },
    ...over,
  }) as Finding;

const stored = (over: Partial<StoredAlert> = {}): StoredAlert => {
  const f = finding();
  return {
    alertId: 7,
    organisationId: f.organisationId,
    hrFunction: f.hrFunction,
    ruleId: f.ruleId,
    ruleVersion: f.ruleVersion,
    status: "open",
    recommendation: f.recommendation,
    severity: f.severity,
    firedRules: f.firedRules,
    summary: f.summary,
    // jsonb gives keys back in its own order
    evidence: { window: { weeks: 8 }, average: 0.9 },
    openedAt: "2026-11-02T06:00:00Z",
    ...over,
  };
};

describe("planAlertActions", () => {
  it("raises an alert for a new finding and resolves one whose finding is gone", () => {
    const gone = stored({ alertId: 3, hrFunction: "payroll" });
    const actions = planAlertActions([gone], [finding()]);
    expect(actions.map((a) => a.kind)).toEqual(["raise", "resolve"]);
  });

  it("does nothing when the finding matches its open alert (key order aside)", () => {
    expect(planAlertActions([stored()], [finding()])).toEqual([]);
  });

  it("updates in place, without a change, when only the evidence moved", () => {
    const [action] = planAlertActions(
      [stored()],
      [finding({ evidence: { average: 0.95, window: { weeks: 8 } } as Finding["evidence"] })],
    );
    expect(action).toMatchObject({ kind: "update", change: null });
  });

  it("calls a higher severity an escalation, a lower one a de-escalation, a new recommendation a change", () => {
    expect(planAlertActions([stored()], [finding({ severity: "high" })])[0]).toMatchObject({ change: "escalated" });
    expect(planAlertActions([stored()], [finding({ severity: "low" })])[0]).toMatchObject({ change: "de-escalated" });
    expect(planAlertActions([stored()], [finding({ recommendation: "outsource", severity: "high" })])[0]).toMatchObject(
      { change: "changed" },
    );
  });

  it("keeps an acknowledged alert when its condition still holds", () => {
    expect(planAlertActions([stored({ status: "acknowledged" })], [finding({ status: "held" })])).toEqual([]);
  });
});

describe("canonical", () => {
  it("ignores object key order but not array order", () => {
    expect(canonical({ a: 1, b: { c: 2, d: 3 } })).toBe(canonical({ b: { d: 3, c: 2 }, a: 1 }));
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
  });
});
