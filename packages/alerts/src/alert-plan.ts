import { type HrFunction, type Recommendation, SEVERITIES, type Severity } from "@hr-radar/policy";
import type { FiredRule, StaffingRecommendation } from "@hr-radar/rules";

/** One rule behind a stored alert, as kept in its `reasons` (the rules' reason, as JSON). */
export interface StoredReason {
  ruleId: string;
  ruleVersion: number;
  recommendation: Recommendation;
  severity: Severity;
  summary: string;
  evidence: Record<string, unknown>;
  firedRules: FiredRule[];
}

/**
 * A recommendation's reasons as stored. Whether a reason is raised or only held by
 * hysteresis is the rules' business (like the unit's own status, it is not stored), so a
 * condition moving between the two is not a change.
 */
export function storedReasonsOf(recommendation: StaffingRecommendation): StoredReason[] {
  return recommendation.reasons.map((r) => ({
    ruleId: r.ruleId,
    ruleVersion: r.ruleVersion,
    recommendation: r.recommendation,
    severity: r.severity,
    summary: r.summary,
    evidence: { ...r.evidence },
    firedRules: r.firedRules,
  }));
}

/** An alert as stored, open or acknowledged: one per organisation x function. */
export interface StoredAlert {
  alertId: number;
  organisationId: string;
  hrFunction: HrFunction;
  /** The lead reason's rule. */
  ruleId: string;
  ruleVersion: number;
  status: "open" | "acknowledged";
  recommendation: Recommendation;
  severity: Severity;
  firedRules: FiredRule[];
  summary: string;
  evidence: Record<string, unknown>;
  reasons: StoredReason[];
  /** When it was raised (an ISO instant): deliveries of its later changes carry it. */
  openedAt: string;
}

/**
 * What happened to an alert, as kept in its history. `raised`, `escalated`, `changed`
 * (a different recommendation, or a rule joining or leaving its reasons) and `resolved`
 * are delivered to receivers; `de-escalated` and `acknowledged` are only recorded.
 */
export type AlertChangeKind = DeliveredChangeKind | "de-escalated" | "acknowledged";

/** The changes that are published to Kafka and webhooks. */
export type DeliveredChangeKind = "raised" | "escalated" | "changed" | "resolved";

/** One step of bringing the alerts table in line with an evaluation. */
export type AlertAction =
  | { kind: "raise"; recommendation: StaffingRecommendation }
  /** `change` is null when only the numbers in the evidence moved: updated in place, no history. */
  | {
      kind: "update";
      alert: StoredAlert;
      recommendation: StaffingRecommendation;
      change: Exclude<AlertChangeKind, "raised" | "resolved" | "acknowledged"> | null;
      /**
       * A worse or different recommendation needs a person's attention again; a rule
       * joining or leaving the reasons of the same recommendation does not.
       */
      reopen: boolean;
    }
  | { kind: "resolve"; alert: StoredAlert };

const identity = (a: { organisationId: string; hrFunction: string }) => `${a.organisationId}/${a.hrFunction}`;

/**
 * Compares an organisation's open alerts with its recommendations (one per function): a
 * recommendation without an alert raises one, an alert without a recommendation has
 * cleared and resolves, and a recommendation with an alert updates it. Nothing is
 * returned when nothing changed, which is why running the analyzer twice over the same
 * data changes nothing.
 */
export function planAlertActions(
  open: readonly StoredAlert[],
  recommendations: readonly StaffingRecommendation[],
): AlertAction[] {
  const openById = new Map(open.map((a) => [identity(a), a]));
  const actions: AlertAction[] = [];
  for (const recommendation of recommendations) {
    const alert = openById.get(identity(recommendation));
    openById.delete(identity(recommendation));
    if (!alert) {
      actions.push({ kind: "raise", recommendation });
      continue;
    }
    const change = classifyChange(alert, recommendation);
    if (change !== null || !sameContent(alert, recommendation))
      actions.push({
        kind: "update",
        alert,
        recommendation,
        change,
        reopen: change === "escalated" || alert.recommendation !== recommendation.recommendation,
      });
  }
  for (const alert of openById.values()) actions.push({ kind: "resolve", alert });
  return actions;
}

/** The rules behind an alert, as a comparable key. */
const reasonKey = (reasons: readonly { ruleId: string }[]) =>
  reasons
    .map((r) => r.ruleId)
    .sort()
    .join(",");

function classifyChange(
  alert: StoredAlert,
  recommendation: StaffingRecommendation,
): "escalated" | "de-escalated" | "changed" | null {
  if (recommendation.recommendation !== alert.recommendation) return "changed";
  const delta = SEVERITIES.indexOf(recommendation.severity) - SEVERITIES.indexOf(alert.severity);
  if (delta > 0) return "escalated";
  if (reasonKey(recommendation.reasons) !== reasonKey(alert.reasons)) return "changed";
  if (delta < 0) return "de-escalated";
  return null;
}

function sameContent(alert: StoredAlert, recommendation: StaffingRecommendation): boolean {
  return (
    alert.summary === recommendation.summary &&
    alert.ruleId === recommendation.ruleId &&
    alert.ruleVersion === recommendation.ruleVersion &&
    canonical(alert.evidence) === canonical(recommendation.evidence) &&
    canonical(alert.firedRules) === canonical(recommendation.firedRules) &&
    canonical(alert.reasons) === canonical(storedReasonsOf(recommendation))
  );
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonical forms. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
