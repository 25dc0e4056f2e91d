import type { LoadBucket, Policy } from "@hr-radar/policy";
import {
  emptyLoadWeek,
  evaluateOrganisation,
  type Finding,
  type FunctionLoadWeek,
  type HeadcountWeek,
  type OpenAlert,
  type OrganisationMetrics,
} from "@hr-radar/rules";

// What-if: the organisation's own recent history, extended week by week with a planned
// headcount, and the real rules run at each projected week. Pure: current metrics in,
// findings out. Assumptions, stated so a reader can judge them:
//  - helpdesk load per employee stays at its recent average (load scales with headcount:
//    the article's premise that demand grows with the workforce);
//  - attrition stays at its recent weekly average, and hiring covers growth plus attrition;
//  - the HR team stays as it is today: the question is what happens if nobody is added.

/** The plan to project: a target headcount by a date, or a yearly growth rate. */
export type GrowthPlan = { kind: "target"; headcount: number; by: string } | { kind: "rate"; perYear: number };

/** A finding that first appears at a projected week. */
export interface ProjectedFinding {
  /** Weeks from now; 0 is today's evaluation. */
  weeksAhead: number;
  weekStart: string;
  projectedHeadcount: number;
  finding: Finding;
}

/** The projection: headcount per projected week and the first week each finding fires. */
export interface Simulation {
  headcount: { weekStart: string; headcount: number }[];
  firstFirings: ProjectedFinding[];
}

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Planned headcount `weeksAhead` weeks after `today` (whole people, never below zero). */
export function plannedHeadcount(plan: GrowthPlan, current: number, today: string, weeksAhead: number): number {
  if (plan.kind === "rate") return Math.max(0, Math.round(current * (1 + plan.perYear) ** (weeksAhead / 52)));
  const totalWeeks = Math.max(
    1,
    (Date.parse(`${plan.by}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / (7 * DAY_MS),
  );
  const share = Math.min(1, weeksAhead / totalWeeks);
  return Math.max(0, Math.round(current + (plan.headcount - current) * share));
}

/**
 * Runs the rules at `evaluatedAt` and then at each of the next `horizonWeeks` weeks of the
 * projection, carrying open alerts forward (so hysteresis behaves as in production), and
 * returns the first week each (function, rule, recommendation) fires.
 */
export function simulate(input: {
  metrics: OrganisationMetrics;
  policy: Policy;
  evaluatedAt: string;
  plan: GrowthPlan;
  horizonWeeks: number;
  openAlerts?: readonly OpenAlert[];
}): Simulation {
  const { metrics, policy, plan } = input;
  const history = metrics.headcount;
  const lastWeek = history.at(-1);
  if (!lastWeek) throw new RangeError("no headcount history to project from");
  const recent = history.slice(-12);
  const attritionPerWeek = recent.reduce((n, w) => n + w.terminations, 0) / recent.length;
  const loadPerEmployee = recentLoadPerEmployee(metrics.functionLoad, recent);

  const headcount: HeadcountWeek[] = [...history];
  const load: FunctionLoadWeek[] = [...metrics.functionLoad];
  const seen = new Set<string>();
  const firstFirings: ProjectedFinding[] = [];
  let open: OpenAlert[] = [...(input.openAlerts ?? [])];
  const projected: Simulation["headcount"] = [];
  let attritionCarry = 0;

  for (let k = 0; k <= input.horizonWeeks; k++) {
    const weekStart = addDays(lastWeek.weekStart, 7 * k);
    if (k > 0) {
      const previous = headcount.at(-1)!.headcount;
      const target = plannedHeadcount(plan, lastWeek.headcount, lastWeek.weekStart, k);
      attritionCarry += attritionPerWeek;
      const terminations = Math.floor(attritionCarry);
      attritionCarry -= terminations;
      headcount.push({
        weekStart,
        headcount: target,
        hires: Math.max(0, target - previous + terminations),
        terminations,
        openRequisitions: lastWeek.openRequisitions,
      });
      for (const [bucket, perEmployee] of loadPerEmployee)
        load.push(scaledLoadWeek(bucket, perEmployee, target, weekStart));
      projected.push({ weekStart, headcount: target });
    }
    const window = headcount.slice(-policy.windows.lookbackWeeks);
    // the rules read complete weeks only: evaluate in the week after the projected one
    const evaluatedAt = k === 0 ? input.evaluatedAt : `${addDays(weekStart, 10)}T12:00:00.000Z`;
    const findings = evaluateOrganisation({
      metrics: {
        ...metrics,
        headcount: window,
        functionLoad: load.filter((w) => w.weekStart >= window[0]!.weekStart),
        plan: plan.kind === "target" ? { plannedHeadcount: plan.headcount, plannedBy: plan.by } : metrics.plan,
      },
      policy,
      openAlerts: open,
      evaluatedAt,
    });
    open = findings.map(({ hrFunction, ruleId, recommendation, severity }) => ({
      hrFunction,
      ruleId,
      recommendation,
      severity,
    }));
    for (const finding of findings) {
      const key = `${finding.hrFunction}/${finding.ruleId}/${finding.recommendation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      firstFirings.push({ weeksAhead: k, weekStart, projectedHeadcount: headcount.at(-1)!.headcount, finding });
    }
  }
  return { headcount: projected, firstFirings };
}

/** Each bucket's average weekly load over the recent weeks, per employee. */
function recentLoadPerEmployee(
  rows: readonly FunctionLoadWeek[],
  recent: readonly HeadcountWeek[],
): Map<LoadBucket, FunctionLoadWeek> {
  const weeks = new Set(recent.map((w) => w.weekStart));
  const people = recent.reduce((n, w) => n + w.headcount, 0) / Math.max(1, recent.length);
  const sums = new Map<LoadBucket, FunctionLoadWeek>();
  for (const row of rows) {
    if (!weeks.has(row.weekStart)) continue;
    const s = sums.get(row.bucket) ?? emptyLoadWeek(row.weekStart, row.bucket);
    s.ticketsOpened += row.ticketsOpened;
    s.ticketsResolved += row.ticketsResolved;
    s.ticketsEscalated += row.ticketsEscalated;
    s.handlingMinutes += row.handlingMinutes;
    s.resolvedWithoutMinutes += row.resolvedWithoutMinutes;
    s.backlogAtWeekEnd = row.backlogAtWeekEnd;
    sums.set(row.bucket, s);
  }
  const divisor = Math.max(1, recent.length) * Math.max(1, people);
  for (const s of sums.values()) {
    s.ticketsOpened /= divisor;
    s.ticketsResolved /= divisor;
    s.ticketsEscalated /= divisor;
    s.handlingMinutes /= divisor;
    s.resolvedWithoutMinutes /= divisor;
    s.backlogAtWeekEnd /= Math.max(1, people);
  }
  return sums;
}

function scaledLoadWeek(
  bucket: LoadBucket,
  perEmployee: FunctionLoadWeek,
  people: number,
  weekStart: string,
): FunctionLoadWeek {
  return {
    weekStart,
    bucket,
    ticketsOpened: Math.round(perEmployee.ticketsOpened * people),
    ticketsResolved: Math.round(perEmployee.ticketsResolved * people),
    ticketsEscalated: Math.round(perEmployee.ticketsEscalated * people),
    handlingMinutes: perEmployee.handlingMinutes * people,
    resolvedWithoutMinutes: Math.round(perEmployee.resolvedWithoutMinutes * people),
    backlogAtWeekEnd: Math.round(perEmployee.backlogAtWeekEnd * people),
  };
}
