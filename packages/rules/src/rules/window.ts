import type { HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import type { Evidence, FindingStatus, TrendEvidence } from "../findings.ts";
import { formatNumber, plural } from "../labels.ts";
import { assessCondition, type ConditionAssessment, type ConditionThresholds } from "../math/hysteresis.ts";
import { fitLine } from "../math/least-squares.ts";
import { mean, round, roundOrNull } from "../math/stats.ts";

// The judgement every weekly-metric rule shares: sustain and hysteresis over the
// recent window, plus the evidence (window, values, thresholds, trend) that goes with it.

/** An active windowed condition. */
export interface WindowJudgement {
  status: FindingStatus;
  assessment: ConditionAssessment;
  /** Mean of the sustain window's non-null values. */
  average: number | null;
  evidence: Evidence;
}

/** What a windowed rule measures. */
export interface WindowCheck {
  hrFunction: HrFunction;
  ruleId: string;
  /** Aligned to `ctx.weeks`; null = not enough data that week. */
  series: readonly (number | null)[];
  thresholds: ConditionThresholds;
  metric: string;
  unit: Evidence["unit"];
}

/** Least-squares trend of a series over the lookback, or null with too few points. */
export function trendOf(ctx: EvaluationContext, series: readonly (number | null)[]): TrendEvidence | null {
  const fit = fitLine(series);
  if (fit === null || fit.points < ctx.policy.forecast.minTrendWeeks) return null;
  const clear = fit.rSquared >= ctx.policy.forecast.minRSquared && fit.slope !== 0;
  return {
    slopePerWeek: round(fit.slope, 5),
    rSquared: round(fit.rSquared, 3),
    weeks: fit.points,
    direction: !clear ? "steady" : fit.slope > 0 ? "rising" : "falling",
  };
}

/** Evidence with nothing measured yet; rules fill in what applies. */
export function baseEvidence(ctx: EvaluationContext, metric: string, unit: Evidence["unit"]): Evidence {
  const start = ctx.weeks[ctx.sustainFrom];
  return {
    metric,
    unit,
    window: start === undefined ? null : { start, end: ctx.lastWeekStart, weeks: ctx.weeks.length - ctx.sustainFrom },
    values: [],
    average: null,
    latest: null,
    thresholds: null,
    sustain: null,
    trend: null,
    projection: null,
    handlingTime: null,
    cost: null,
    // A copy per finding, so no two findings share (and can corrupt) one object.
    organisation: {
      ...ctx.organisation,
      specialists: { ...ctx.organisation.specialists },
      hrRatioBenchmark: { ...ctx.organisation.hrRatioBenchmark },
    },
    details: {},
  };
}

/** Judges a weekly metric with sustain and hysteresis; null when nothing is active. */
export function judgeWindow(ctx: EvaluationContext, check: WindowCheck): WindowJudgement | null {
  if (check.series.length === 0) return null;
  const open = ctx.isOpen(check.hrFunction, check.ruleId);
  const assessment = assessCondition(check.series, check.thresholds, ctx.sustain, open);
  if (assessment.state === "inactive") return null;
  const recent = check.series.slice(ctx.sustainFrom);
  const average = mean(recent);
  const evidence: Evidence = {
    ...baseEvidence(ctx, check.metric, check.unit),
    values: recent.map((value, i) => ({ weekStart: ctx.weeks[ctx.sustainFrom + i] ?? "", value: roundOrNull(value) })),
    average: roundOrNull(average),
    latest: roundOrNull(recent.at(-1) ?? null),
    thresholds: { ...check.thresholds },
    sustain: {
      weeksBeyondRaise: assessment.weeksBeyondRaise,
      raiseMinWeeks: ctx.sustain.raiseMinWeeks,
      consecutiveWeeksBeyondClear: assessment.consecutiveWeeksBeyondClear,
      clearConsecutiveWeeks: ctx.sustain.clearConsecutiveWeeks,
    },
    trend: trendOf(ctx, check.series),
  };
  return { status: assessment.state, assessment, average, evidence };
}

/**
 * The parenthesis after a measured value: the threshold and how often it was
 * reached, or, for a held alert, what it takes to clear.
 */
export function windowClause(ctx: EvaluationContext, judged: WindowJudgement, format: (v: number) => string): string {
  const t = judged.evidence.thresholds;
  if (t === null) return "";
  const weeks = ctx.weeks.length - ctx.sustainFrom;
  if (judged.status === "raised") {
    return `threshold ${format(t.raise)}, reached in ${judged.assessment.weeksBeyondRaise} of ${plural(weeks, "week")}`;
  }
  const side = t.direction === "above" ? "below" : "at or above";
  const needed = plural(ctx.sustain.clearConsecutiveWeeks, "consecutive week");
  return `alert held open until ${side} ${format(t.clear)} for ${needed}, ${formatNumber(judged.assessment.consecutiveWeeksBeyondClear)} so far`;
}
