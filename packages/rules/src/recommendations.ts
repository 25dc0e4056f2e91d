import { type HrFunction, RECOMMENDATIONS, SEVERITIES } from "@hr-radar/policy";
import type { Evidence, Finding, FindingStatus, FiredRule, Recommendation, Severity } from "./findings.ts";
import type { OpenAlert } from "./metrics.ts";

// What a person sees: one staffing recommendation per organisation x function, with
// every rule that supports it as a reason. Two rules backing one hire (a manufacturer's
// regulation and its escalations in health & safety) are one card with two reasons, not
// two hires. The rules still judge (and hysteresis still holds) each condition on its
// own; this only groups their findings.

/** One rule's support for a recommendation: the finding it made, with its evidence. */
export interface RecommendationReason {
  ruleId: string;
  ruleVersion: number;
  /** What this rule alone called for (the unit's recommendation is the lead reason's). */
  recommendation: Recommendation;
  severity: Severity;
  status: FindingStatus;
  summary: string;
  evidence: Evidence;
  /** The rules that shaped this reason (its own first). */
  firedRules: FiredRule[];
}

/** The unit of alerting: one organisation x function, its recommendation and why. */
export interface StaffingRecommendation {
  organisationId: string;
  hrFunction: HrFunction;
  recommendation: Recommendation;
  /** The highest severity among the reasons. */
  severity: Severity;
  /** `raised` when any reason's raise condition holds now; `held` when every reason is held by hysteresis. */
  status: FindingStatus;
  /** The lead reason: the most severe, then the strongest action, then the first by rule id. */
  ruleId: string;
  ruleVersion: number;
  /** Every rule cited by any reason, the lead rule first, then by id. */
  firedRules: FiredRule[];
  /** The lead reason's sentence, naming the other reasons' rules. */
  summary: string;
  /** The lead reason's evidence (each reason keeps its own). */
  evidence: Evidence;
  /** Every reason, the lead first, then by rule id. */
  reasons: RecommendationReason[];
}

// A hire outranks outsourcing, which outranks more generalist time, a plan, a note: when
// two reasons of one function disagree, the stronger action leads.
const ACTION_RANK: Record<Recommendation, number> = {
  hire_specialist: 0,
  outsource: 1,
  add_generalist: 2,
  plan_specialist: 3,
  no_change: 4,
};
if (Object.keys(ACTION_RANK).length !== RECOMMENDATIONS.length) throw new Error("ACTION_RANK misses a recommendation");

const byRuleId = (a: { ruleId: string }, b: { ruleId: string }) =>
  a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;

function leadFirst(a: RecommendationReason, b: RecommendationReason): number {
  return (
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) ||
    ACTION_RANK[a.recommendation] - ACTION_RANK[b.recommendation] ||
    byRuleId(a, b)
  );
}

function reasonOf(finding: Finding): RecommendationReason {
  return {
    ruleId: finding.ruleId,
    ruleVersion: finding.ruleVersion,
    recommendation: finding.recommendation,
    severity: finding.severity,
    status: finding.status,
    summary: finding.summary,
    evidence: finding.evidence,
    firedRules: finding.firedRules,
  };
}

function unitOf(organisationId: string, hrFunction: HrFunction, findings: readonly Finding[]): StaffingRecommendation {
  const sorted = findings.map(reasonOf).sort(leadFirst);
  const lead = sorted[0]!;
  const reasons = [lead, ...sorted.slice(1).sort(byRuleId)];
  const cited = new Map<string, FiredRule>();
  for (const reason of reasons)
    for (const rule of reason.firedRules) if (!cited.has(rule.ruleId)) cited.set(rule.ruleId, rule);
  const others = [...cited.values()].filter((r) => r.ruleId !== lead.ruleId).sort(byRuleId);
  const also = reasons.slice(1).map((r) => r.ruleId);
  return {
    organisationId,
    hrFunction,
    recommendation: lead.recommendation,
    severity: lead.severity,
    status: reasons.some((r) => r.status === "raised") ? "raised" : "held",
    ruleId: lead.ruleId,
    ruleVersion: lead.ruleVersion,
    firedRules: [{ ruleId: lead.ruleId, version: lead.ruleVersion }, ...others],
    summary: also.length === 0 ? lead.summary : `${lead.summary} Also backed by ${also.join(", ")}.`,
    evidence: lead.evidence,
    reasons,
  };
}

/**
 * Groups an organisation's findings into one recommendation per function, sorted by
 * function. Pure: the same findings give the same recommendations.
 */
export function recommendByFunction(findings: readonly Finding[]): StaffingRecommendation[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.organisationId}\u0000${finding.hrFunction}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()]
    .map((group) => unitOf(group[0]!.organisationId, group[0]!.hrFunction, group))
    .sort((a, b) =>
      a.organisationId !== b.organisationId
        ? a.organisationId < b.organisationId
          ? -1
          : 1
        : a.hrFunction < b.hrFunction
          ? -1
          : a.hrFunction > b.hrFunction
            ? 1
            : 0,
    );
}

/**
 * The per-rule conditions hysteresis holds for open recommendations: each reason of each
 * open one. What the rules need back from the stored units.
 */
export function openConditionsOf(
  open: readonly {
    hrFunction: HrFunction;
    recommendation: Recommendation;
    reasons: readonly { ruleId: string; severity: Severity }[];
  }[],
): OpenAlert[] {
  return open.flatMap((unit) =>
    unit.reasons.map((reason) => ({
      hrFunction: unit.hrFunction,
      ruleId: reason.ruleId,
      recommendation: unit.recommendation,
      severity: reason.severity,
    })),
  );
}
