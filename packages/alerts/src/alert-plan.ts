import { type HrFunction, type Recommendation, SEVERITIES, type Severity } from "@hr-radar/policy";
import type { Finding, FiredRule } from "@hr-radar/rules";

/** An alert as stored, open or acknowledged. */
export interface StoredAlert {
  alertId: number;
  organisationId: string;
  hrFunction: HrFunction;
  ruleId: string;
  ruleVersion: number;
  status: "open" | "acknowledged";
  recommendation: Recommendation;
  severity: Severity;
  firedRules: FiredRule[];
  summary: string;
  evidence: Record<string, unknown>;
  /** When it was raised (an ISO instant): deliveries of its later changes carry it. */
  openedAt: string;
}

/**
 * What happened to an alert, as kept in its history. `raised`, `escalated`, `changed`
 * (a different recommendation) and `resolved` are delivered to receivers; `de-escalated`
 * and `acknowledged` are only recorded.
 */
export type AlertChangeKind = DeliveredChangeKind | "de-escalated" | "acknowledged";

/** The changes that are published to Kafka and webhooks. */
export type DeliveredChangeKind = "raised" | "escalated" | "changed" | "resolved";

/** One step of bringing the alerts table in line with an evaluation. */
export type AlertAction =
  | { kind: "raise"; finding: Finding }
  /** `change` is null when only the numbers in the evidence moved: updated in place, no history. */
  | {
      kind: "update";
      alert: StoredAlert;
      finding: Finding;
      change: Exclude<AlertChangeKind, "raised" | "resolved" | "acknowledged"> | null;
    }
  | { kind: "resolve"; alert: StoredAlert };

const identity = (a: { organisationId: string; hrFunction: string; ruleId: string }) =>
  `${a.organisationId}/${a.hrFunction}/${a.ruleId}`;

/**
 * Compares an organisation's open alerts with its active findings: a finding without an
 * alert raises one, an alert without a finding has cleared and resolves, and a finding
 * with an alert updates it. Nothing is returned when nothing changed, which is why
 * running the analyzer twice over the same data changes nothing.
 */
export function planAlertActions(open: readonly StoredAlert[], findings: readonly Finding[]): AlertAction[] {
  const openById = new Map(open.map((a) => [identity(a), a]));
  const actions: AlertAction[] = [];
  for (const finding of findings) {
    const alert = openById.get(identity(finding));
    openById.delete(identity(finding));
    if (!alert) {
      actions.push({ kind: "raise", finding });
      continue;
    }
    const change = classifyChange(alert, finding);
    if (change !== null || !sameContent(alert, finding)) actions.push({ kind: "update", alert, finding, change });
  }
  for (const alert of openById.values()) actions.push({ kind: "resolve", alert });
  return actions;
}

function classifyChange(alert: StoredAlert, finding: Finding): "escalated" | "de-escalated" | "changed" | null {
  if (finding.recommendation !== alert.recommendation) return "changed";
  const delta = SEVERITIES.indexOf(finding.severity) - SEVERITIES.indexOf(alert.severity);
  if (delta > 0) return "escalated";
  if (delta < 0) return "de-escalated";
  return null;
}

function sameContent(alert: StoredAlert, finding: Finding): boolean {
  return (
    alert.summary === finding.summary &&
    alert.ruleVersion === finding.ruleVersion &&
    canonical(alert.evidence) === canonical(finding.evidence) &&
    canonical(alert.firedRules) === canonical(finding.firedRules)
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
