import type { RecommendationReason, StaffingRecommendation } from "@hr-radar/rules";
import { describe, expect, it } from "vitest";
import { canonical, planAlertActions, type StoredAlert, type StoredReason } from "./alert-plan.ts";

const asEvidence = (evidence: object) => evidence as RecommendationReason["evidence"];
const asStored = ({ status: _, ...r }: RecommendationReason): StoredReason => ({ ...r, evidence: { ...r.evidence } });

const reason = (over: Partial<RecommendationReason> = {}): RecommendationReason =>
  ({
    ruleId: "sustained-load",
    ruleVersion: 1,
    recommendation: "hire_specialist",
    severity: "medium",
    status: "raised",
    summary: "Benefits load averaged 0.9 FTE.",
    evidence: { average: 0.9, window: { weeks: 8 } },
    firedRules: [{ ruleId: "sustained-load", version: 1 }],
    ...over,
  }) as RecommendationReason;

/** One function's recommendation; its lead reason mirrors the unit unless told otherwise. */
const finding = (
  over: Partial<StaffingRecommendation> = {},
  reasons?: RecommendationReason[],
): StaffingRecommendation => {
  const base = {
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
  } as StaffingRecommendation;
  return {
    ...base,
    reasons: reasons ?? [
      reason({
        recommendation: base.recommendation,
        severity: base.severity,
        status: base.status,
        evidence: base.evidence,
      }),
    ],
  };
};

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
    reasons: [asStored(reason({ evidence: asEvidence({ window: { weeks: 8 }, average: 0.9 }) }))],
    openedAt: "2026-11-02T06:00:00Z",
    ...over,
  };
};

const depth = reason({
  ruleId: "escalation-depth",
  summary: "38% escalated.",
  evidence: asEvidence({ average: 0.38 }),
});

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
      [finding({ evidence: { average: 0.95, window: { weeks: 8 } } as StaffingRecommendation["evidence"] })],
    );
    expect(action).toMatchObject({ kind: "update", change: null, reopen: false });
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

  it("is keyed by organisation x function: two rules behind one function are one alert", () => {
    const two = finding({}, [reason(), depth]);
    expect(planAlertActions([], [two])).toEqual([{ kind: "raise", recommendation: two }]);
    // the same function under another lead rule is still the same alert
    const [action] = planAlertActions([stored()], [{ ...two, ruleId: "escalation-depth" }]);
    expect(action).toMatchObject({ kind: "update", alert: { alertId: 7 } });
  });

  it("calls a rule joining or leaving the reasons a change, which keeps an acknowledgement", () => {
    const joined = planAlertActions([stored({ status: "acknowledged" })], [finding({}, [reason(), depth])]);
    expect(joined).toEqual([expect.objectContaining({ kind: "update", change: "changed", reopen: false })]);
    const withTwo = stored({ reasons: [reason(), depth].map(asStored) });
    const left = planAlertActions([withTwo], [finding({ severity: "low" })]);
    expect(left).toEqual([expect.objectContaining({ kind: "update", change: "changed", reopen: false })]);
    // a different recommendation or a worse severity needs a person again
    expect(planAlertActions([stored()], [finding({ recommendation: "outsource" })])[0]).toMatchObject({ reopen: true });
    expect(planAlertActions([stored()], [finding({ severity: "high" })])[0]).toMatchObject({ reopen: true });
  });

  it("updates in place when only a reason's numbers moved", () => {
    const moved = finding({}, [reason(), { ...depth, evidence: asEvidence({ average: 0.41 }) }]);
    const [action] = planAlertActions([stored({ reasons: [reason(), depth].map(asStored) })], [moved]);
    expect(action).toMatchObject({ kind: "update", change: null });
  });
});

describe("canonical", () => {
  it("ignores object key order but not array order", () => {
    expect(canonical({ a: 1, b: { c: 2, d: 3 } })).toBe(canonical({ b: { d: 3, c: 2 }, a: 1 }));
    expect(canonical([1, 2])).not.toBe(canonical([2, 1]));
  });
});
