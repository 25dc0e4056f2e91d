import type { HrFunction } from "@hr-radar/policy";
import { buildContext, type EvaluationInput } from "./context.ts";
import type { ProjectionBasis } from "./findings.ts";
import { addWeeks } from "./math/dates.ts";
import { fitLine } from "./math/least-squares.ts";
import { mean, round } from "./math/stats.ts";
import { earliestCrossing, FORECAST_FUNCTIONS, projectionsFor } from "./rules/load-forecast.ts";

// The load-forecast rule's projection, for every function rather than only the ones
// that raise an alert: the same context (complete weeks only), the same projections and
// the same earliest crossing, so a reader showing it names the alert's date.

/** Where one function's demand is heading, as the load-forecast rule projects it. */
export interface FunctionForecast {
  hrFunction: HrFunction;
  /** Demand now beyond the specialists in post: the sustain window's mean load (FTE). */
  currentFte: number;
  /** Slope of the least-squares line through the function's weekly load (FTE a week). */
  slopeFtePerWeek: number;
  thresholdFte: number;
  /** 0 when already at the threshold; null when no projection reaches it within the horizon. */
  weeksToCrossing: number | null;
  /** Monday of the crossing week (the alert's `expectedDate`), or null. */
  projectedCrossing: string | null;
  /** Which projection crosses first, or null when none does (or it is already over). */
  basis: ProjectionBasis | null;
}

/** Forecasts as of one evaluation: the last complete week they start from, and one per function with demand. */
export interface LoadForecastView {
  /** Monday of the last complete week the series end at; null without data. */
  lastWeekStart: string | null;
  forecasts: FunctionForecast[];
}

/**
 * The forecast of every function that has load (or, for recruiting, hiring), over the forecast's widest horizon (an
 * open forecast alert is held to `clearHorizonWeeks`, so its date is shown too). Pure,
 * like `evaluateOrganisation`; sorted soonest crossing first.
 *
 * @throws RangeError when `evaluatedAt` is not an ISO instant or `metrics.timeZone` is not an IANA zone.
 */
export function forecastFunctions(input: Omit<EvaluationInput, "openAlerts">): LoadForecastView {
  const ctx = buildContext({ ...input, openAlerts: [] });
  const { horizonWeeks, clearHorizonWeeks } = ctx.policy.forecast;
  const horizon = Math.max(horizonWeeks, clearHorizonWeeks);
  const thresholdFte = ctx.policy.thresholds.specialistRaiseFte;
  const forecasts: FunctionForecast[] = [];
  for (const hrFunction of FORECAST_FUNCTIONS) {
    const projections = projectionsFor(ctx, hrFunction);
    // recruiting can be projected from hiring alone, without helpdesk load
    const series = ctx.load.get(hrFunction)?.fte ?? projections[0]?.series ?? [];
    const fit = fitLine(series);
    if (fit === null) continue;
    const current = Math.max(0, (mean(series.slice(ctx.sustainFrom)) ?? 0) - ctx.specialistsIn(hrFunction));
    const { best } = earliestCrossing(projections, thresholdFte, horizon);
    const over = current >= thresholdFte;
    const weeksToCrossing = over ? 0 : (best?.weeksAhead ?? null);
    forecasts.push({
      hrFunction,
      currentFte: round(current, 3),
      slopeFtePerWeek: round(fit.slope, 3),
      thresholdFte,
      weeksToCrossing,
      projectedCrossing: weeksToCrossing === null ? null : addWeeks(ctx.lastWeekStart, weeksToCrossing),
      basis: over ? null : (best?.projection.basis ?? null),
    });
  }
  forecasts.sort(
    (a, b) =>
      (a.weeksToCrossing ?? Infinity) - (b.weeksToCrossing ?? Infinity) || a.hrFunction.localeCompare(b.hrFunction),
  );
  return { lastWeekStart: ctx.weeks.length > 0 ? ctx.lastWeekStart : null, forecasts };
}
