import type { HrFunction, LoadBucket, Policy } from "@hr-radar/policy";
import type { OrganisationEvidence, SizeBand } from "./findings.ts";
import { type BucketSeries, loadByBucket } from "./load.ts";
import { localDate } from "./math/dates.ts";
import type { SustainRule } from "./math/hysteresis.ts";
import { median, round } from "./math/stats.ts";
import type { OpenAlert, OrganisationMetrics } from "./metrics.ts";
import { sizeBandOf } from "./rules/size-band.ts";
import { lastCompleteWeek } from "./weeks.ts";

// Everything the rules share, derived once per evaluation: one week axis that every
// series is aligned to, the load per bucket in FTE, the size band, and which alerts
// are open. Building it is the only place input quirks (unsorted rows, weeks past the
// evaluation date, a missing week) are smoothed over. The axis holds complete weeks only:
// a week in progress that slipped into the input is dropped, so an evaluation on any day
// of a week sees what one at the end of the previous week saw.

/** What an evaluation knows, aligned and derived; read-only for the rules. */
export interface EvaluationContext {
  readonly metrics: OrganisationMetrics;
  readonly policy: Policy;
  /** The organisation-local date of the evaluation. */
  readonly evaluationDate: string;
  /** Complete week starts, ascending, at most `policy.windows.lookbackWeeks`, ending at `lastWeekStart` or before. */
  readonly weeks: readonly string[];
  /** Monday of the last week on the axis: the latest complete week with data (projections start there). */
  readonly lastWeekStart: string;
  /** Index into `weeks` where the sustain window starts. */
  readonly sustainFrom: number;
  readonly sustain: SustainRule;
  readonly headcount: readonly number[];
  readonly hires: readonly number[];
  readonly terminations: readonly number[];
  readonly currentHeadcount: number;
  readonly load: ReadonlyMap<LoadBucket, BucketSeries>;
  readonly band: SizeBand;
  /** Generalists plus every specialist. */
  readonly hrStaff: number;
  readonly organisation: OrganisationEvidence;
  /** Whether the analyzer has this alert open (the input to hysteresis). */
  isOpen(hrFunction: HrFunction, ruleId: string): boolean;
  /** Specialists in post for a function. */
  specialistsIn(hrFunction: HrFunction): number;
}

/** The inputs of one evaluation, as `evaluateOrganisation` receives them. */
export interface EvaluationInput {
  metrics: OrganisationMetrics;
  policy: Policy;
  openAlerts: readonly OpenAlert[];
  /** ISO instant; the rules never read the clock. */
  evaluatedAt: string;
}

function weekAxis(metrics: OrganisationMetrics, lastComplete: string, lookback: number): string[] {
  const fromHeadcount = metrics.headcount.map((w) => w.weekStart);
  const source = fromHeadcount.length > 0 ? fromHeadcount : metrics.functionLoad.map((w) => w.weekStart);
  const unique = [...new Set(source)].filter((w) => w <= lastComplete).sort();
  return unique.slice(-lookback);
}

function alignedHeadcount(metrics: OrganisationMetrics, weeks: readonly string[]) {
  const byWeek = new Map(metrics.headcount.map((w) => [w.weekStart, w]));
  let carried = 0;
  const headcount: number[] = [];
  const hires: number[] = [];
  const terminations: number[] = [];
  for (const week of weeks) {
    const point = byWeek.get(week);
    // A missing week keeps the last known headcount: people did not vanish.
    carried = point?.headcount ?? carried;
    headcount.push(carried);
    hires.push(point?.hires ?? 0);
    terminations.push(point?.terminations ?? 0);
  }
  return { headcount, hires, terminations };
}

/** Derives the shared context of one evaluation. */
export function buildContext(input: EvaluationInput): EvaluationContext {
  const { metrics, policy, openAlerts } = input;
  const evaluationDate = localDate(input.evaluatedAt, metrics.timeZone);
  const lastComplete = lastCompleteWeek(input.evaluatedAt, metrics.timeZone);
  const weeks = weekAxis(metrics, lastComplete, policy.windows.lookbackWeeks);
  const { headcount, hires, terminations } = alignedHeadcount(metrics, weeks);
  const sustainFrom = Math.max(0, weeks.length - policy.windows.sustainWeeks);
  const currentHeadcount = headcount.at(-1) ?? 0;
  const bandHeadcount = median(headcount.slice(sustainFrom)) ?? 0;
  const band = sizeBandOf(bandHeadcount, policy);
  const specialists = metrics.hrTeam.specialists;
  const hrStaff = metrics.hrTeam.generalists + Object.values(specialists).reduce((a, b) => a + (b ?? 0), 0);
  const open = new Set(openAlerts.map((a) => `${a.hrFunction}\u0000${a.ruleId}`));
  return {
    metrics,
    policy,
    evaluationDate,
    weeks,
    lastWeekStart: weeks.at(-1) ?? lastComplete,
    sustainFrom,
    sustain: policy.windows,
    headcount,
    hires,
    terminations,
    currentHeadcount,
    load: loadByBucket(metrics.functionLoad, weeks, policy),
    band,
    hrStaff,
    organisation: {
      headcount: currentHeadcount,
      sizeBand: band,
      sizeBandHeadcount: bandHeadcount,
      industry: metrics.industry,
      generalists: metrics.hrTeam.generalists,
      specialists: { ...specialists },
      hrStaffPer100: currentHeadcount > 0 ? round((hrStaff / currentHeadcount) * 100, 2) : null,
      hrRatioBenchmark: { ...policy.hrRatio.benchmarks[band] },
      budgetMode: policy.budget.mode,
    },
    isOpen: (hrFunction, ruleId) => open.has(`${hrFunction}\u0000${ruleId}`),
    specialistsIn: (hrFunction) => specialists[hrFunction] ?? 0,
  };
}
