// The digest model: what one organisation's digest for one period says, composed from the
// data read at the edges. Pure: every channel (text, HTML, Adaptive Card) renders from it,
// so a retry or a preview shows exactly what was composed.

import type { AlertAsOf, AlertChangeRecord } from "@hr-radar/alerts";

/** The alert changes a digest reports (acknowledgements and evidence refreshes are not news to its readers). */
export const DIGEST_CHANGES = ["raised", "escalated", "resolved"] as const;
/** One of {@link DIGEST_CHANGES}. */
export type DigestChange = (typeof DIGEST_CHANGES)[number];

/** How far ahead a digest looks for projected threshold crossings: a quarter. */
export const CROSSING_HORIZON_WEEKS = 13;

/** One open staffing recommendation in the plan. */
export interface PlanItem {
  alertId: number;
  hrFunction: string;
  recommendation: string;
  severity: string;
  /** One line of why: the lead reason's summary, its first sentence. */
  why: string;
  /** When it was first raised. */
  since: string;
  acknowledged: boolean;
}

/** One change since the previous digest. */
export interface ChangeItem {
  alertId: number;
  hrFunction: string;
  change: DigestChange;
  recommendation: string;
  severity: string;
  why: string;
  at: string;
}

/** A function whose load is projected to cross its threshold within the quarter. */
export interface CrossingItem {
  hrFunction: string;
  /** Monday of the crossing week. */
  projectedCrossing: string;
  weeksToCrossing: number;
  currentFte: number;
  thresholdFte: number;
}

/** One function's current load against its threshold (the e-mail's chart). */
export interface LoadItem {
  hrFunction: string;
  currentFte: number;
  thresholdFte: number;
}

/** One organisation's digest for one period. */
export interface Digest {
  /** Bumped when the shape changes, so a stored digest is rendered by code that understands it. */
  version: 1;
  organisation: { id: string; name: string; timeZone: string };
  period: { at: string; since: string };
  plan: PlanItem[];
  changes: ChangeItem[];
  crossings: CrossingItem[];
  load: LoadItem[];
  dashboardUrl: string;
  /** Nothing open and nothing changed: not sent unless the organisation asked for quiet digests too. */
  quiet: boolean;
}

/** What a digest is composed from (read at the edges). */
export interface DigestInput {
  organisation: { id: string; name: string; timeZone: string };
  period: { at: string; since: string };
  /** The alerts not resolved at the period's end, as they stood then. */
  openAlerts: readonly AlertAsOf[];
  /** The alerts' changes within the period. */
  changes: readonly AlertChangeRecord[];
  projections: readonly {
    hrFunction: string;
    currentFte: number;
    thresholdFte: number;
    weeksToCrossing: number | null;
    projectedCrossing: string | null;
  }[];
  dashboardUrl: string;
}

/** Longest "why" line, in characters: a digest is read on a phone too. */
const WHY_MAX = 300;

/**
 * The first sentence of a summary, cut to one line: the digest's "why". The full evidence
 * is a click away on the dashboard.
 */
export function oneLineWhy(summary: string): string {
  const flat = summary.replace(/\s+/g, " ").trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  // a colon introduces the conclusion ("...: a benefits specialist is justified."): keep the whole sentence
  return sentence.length <= WHY_MAX ? sentence : `${sentence.slice(0, WHY_MAX - 1).trimEnd()}…`;
}

/** The digest for one organisation and period (pure). */
export function composeDigest(input: DigestInput): Digest {
  const plan = input.openAlerts
    .filter((a) => a.recommendation !== "no_change")
    .map(
      (a): PlanItem => ({
        alertId: a.alertId,
        hrFunction: a.hrFunction,
        recommendation: a.recommendation,
        severity: a.severity,
        why: oneLineWhy(a.summary),
        since: a.openedAt,
        acknowledged: a.status === "acknowledged",
      }),
    );
  const changes = input.changes
    .filter((c): c is typeof c & { change: DigestChange } => (DIGEST_CHANGES as readonly string[]).includes(c.change))
    .map(
      (c): ChangeItem => ({
        alertId: c.alertId,
        hrFunction: c.hrFunction,
        change: c.change,
        recommendation: c.recommendation,
        severity: c.severity,
        why: oneLineWhy(c.summary),
        at: c.changedAt,
      }),
    );
  const crossings = input.projections
    .filter(
      (p): p is typeof p & { weeksToCrossing: number; projectedCrossing: string } =>
        p.weeksToCrossing !== null &&
        p.projectedCrossing !== null &&
        p.weeksToCrossing > 0 &&
        p.weeksToCrossing <= CROSSING_HORIZON_WEEKS,
    )
    .map((p) => ({
      hrFunction: p.hrFunction,
      projectedCrossing: p.projectedCrossing,
      weeksToCrossing: p.weeksToCrossing,
      currentFte: p.currentFte,
      thresholdFte: p.thresholdFte,
    }));
  const load = input.projections
    .filter((p) => p.currentFte > 0)
    .map((p) => ({ hrFunction: p.hrFunction, currentFte: p.currentFte, thresholdFte: p.thresholdFte }))
    .sort(
      (a, b) =>
        b.currentFte / b.thresholdFte - a.currentFte / a.thresholdFte || a.hrFunction.localeCompare(b.hrFunction),
    )
    .slice(0, 8);
  return {
    version: 1,
    organisation: input.organisation,
    period: input.period,
    plan,
    changes,
    crossings,
    load,
    dashboardUrl: input.dashboardUrl,
    quiet: plan.length === 0 && changes.length === 0,
  };
}

/** Words for the digest's readers (people-ops leaders, a CFO), not the database's codes. */
export const words = {
  hrFunction: (f: string) => {
    const named: Record<string, string> = {
      health_safety: "Health & safety",
      learning_development: "Learning & development",
      hr_operations: "HR operations",
    };
    const spaced = named[f] ?? f.replaceAll("_", " ");
    return spaced.charAt(0).toUpperCase() + spaced.slice(1);
  },
  recommendation: (r: string) =>
    ({
      hire_specialist: "Hire a specialist",
      add_generalist: "Add a generalist",
      outsource: "Outsource",
      plan_specialist: "Plan a specialist",
      no_change: "No change",
    })[r] ?? r.replaceAll("_", " "),
  change: (c: DigestChange) => ({ raised: "Raised", escalated: "Escalated", resolved: "Resolved" })[c],
};

/** A calendar date in the organisation's zone, e.g. "30 Nov 2026". */
export function formatDay(instant: string, timeZone: string): string {
  // a bare date (a crossing week's Monday) is a calendar date, not an instant
  const date = /^\d{4}-\d{2}-\d{2}$/.test(instant) ? new Date(`${instant}T12:00:00Z`) : new Date(instant);
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: /^\d{4}-\d{2}-\d{2}$/.test(instant) ? "UTC" : timeZone,
  }).format(date);
}

/** The digest's subject line (e-mail subject, card title). */
export function digestTitle(digest: Digest): string {
  const open = digest.plan.length;
  const what = open === 0 ? "no open recommendations" : `${open} open recommendation${open === 1 ? "" : "s"}`;
  return `Staffing digest for ${digest.organisation.name}, ${formatDay(digest.period.at, digest.organisation.timeZone)}: ${what}`;
}
