import { HR_FUNCTIONS, type HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import type { ProjectionBasis } from "../findings.ts";
import { aSpecialist, capitalise, formatFte, functionName, plural } from "../labels.ts";
import { firstCrossingWeek } from "../math/crossing.ts";
import { addWeeks } from "../math/dates.ts";
import { round, roundOrNull } from "../math/stats.ts";
import { type DemandProjection, hiringProjections, loadProjections, projectHeadcount } from "../projection.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { sizeBandRule } from "./size-band.ts";
import { baseEvidence, trendOf } from "./window.ts";

// Article: "A 50-person startup planning to double in size next year has different
// needs than a stable 200-person company." When a function's demand is projected to
// reach the specialist threshold within the horizon, say so, with the expected week,
// before it is felt. Forecast hysteresis: a new projection must land within
// `forecast.horizonWeeks`; an open one is held while it still lands within
// `forecast.clearHorizonWeeks`. A forecast gives way to an active staffing need for
// the same function (the need is no longer ahead).

/** Projected crossing of the specialist threshold. */
export const loadForecastRule: RuleDefinition = {
  ruleId: "load-forecast",
  version: 1,
  title: "Least-squares / plan projection of load and hiring crossing the specialist threshold",
};

interface Crossing {
  projection: DemandProjection;
  weeksAhead: number;
}

/** The projection that reaches `threshold` first within `horizon` weeks, and what each one gave. */
export function earliestCrossing(projections: readonly DemandProjection[], threshold: number, horizon: number) {
  let best: Crossing | null = null;
  const considered: { basis: ProjectionBasis; weeksAhead: number | null }[] = [];
  for (const projection of projections) {
    const weeksAhead = firstCrossingWeek(projection.project, threshold, horizon);
    considered.push({ basis: projection.basis, weeksAhead });
    if (weeksAhead !== null && (best === null || weeksAhead < best.weeksAhead)) best = { projection, weeksAhead };
  }
  return { best, considered };
}

/** Every projection of one function's demand the forecast weighs. */
export function projectionsFor(ctx: EvaluationContext, hrFunction: HrFunction): DemandProjection[] {
  const specialists = ctx.specialistsIn(hrFunction);
  const beyond = specialists > 0 ? " beyond the specialists in post" : "";
  const subject = `${capitalise(functionName(hrFunction))} load${beyond}`;
  const load = loadProjections(ctx, hrFunction, subject);
  return hrFunction === "recruiting" ? [...load, ...hiringProjections(ctx)] : load;
}

function forecastFunction(ctx: EvaluationContext, hrFunction: HrFunction): RuleSignal | null {
  const open = ctx.isOpen(hrFunction, loadForecastRule.ruleId);
  const { horizonWeeks, clearHorizonWeeks } = ctx.policy.forecast;
  const threshold = ctx.policy.thresholds.specialistRaiseFte;
  const horizon = open ? clearHorizonWeeks : horizonWeeks;
  const { best, considered } = earliestCrossing(projectionsFor(ctx, hrFunction), threshold, horizon);
  if (best === null) return null;
  const { projection, weeksAhead } = best;
  const expectedDate = addWeeks(ctx.lastWeekStart, weeksAhead);
  const fromHiring = projection.basis === "hiring-plan" || projection.basis === "hiring-trend";
  const evidence = baseEvidence(
    ctx,
    fromHiring ? "projected_hiring_implied_recruiting_fte" : "projected_uncovered_load_fte",
    "fte",
  );
  const recent = projection.series.slice(ctx.sustainFrom);
  evidence.values = recent.map((value, i) => ({
    weekStart: ctx.weeks[ctx.sustainFrom + i] ?? "",
    value: roundOrNull(value),
  }));
  evidence.average = round(projection.current);
  evidence.latest = roundOrNull(recent.at(-1) ?? null);
  evidence.trend = trendOf(ctx, projection.series);
  evidence.projection = {
    basis: projection.basis,
    expectedDate,
    weeksAhead,
    currentValue: round(projection.current),
    projectedValue: round(projection.project(weeksAhead)),
    threshold,
    horizonWeeks,
    plan: projectHeadcount(ctx)?.plan ?? null,
  };
  evidence.details = {
    clearHorizonWeeks,
    projectionsConsidered: considered,
    specialistsInPost: ctx.specialistsIn(hrFunction),
  };
  const outsourcing =
    ctx.policy.budget.mode === "tight" && ctx.policy.budget.outsourceableFunctions.includes(hrFunction)
      ? ", or outsourcing under the tight budget policy"
      : "";
  return {
    kind: "direct",
    rule: cite(loadForecastRule),
    hrFunction,
    status: weeksAhead <= horizonWeeks ? "raised" : "held",
    recommendation: "plan_specialist",
    severity: "low",
    summary:
      `${projection.subject} is ${formatFte(Math.max(projection.current, 0))} now and is projected to reach ${formatFte(threshold)} ` +
      `in the week of ${expectedDate} (${plural(weeksAhead, "week")} ahead, ${projection.describe}): ` +
      `plan ${aSpecialist(hrFunction)} before then${outsourcing}.`,
    evidence,
    supportingRules: [cite(sizeBandRule)],
    supersededByStaffing: true,
  };
}

/** The functions the forecast projects: HR operations is generalist work, judged by generalist coverage. */
export const FORECAST_FUNCTIONS: readonly HrFunction[] = HR_FUNCTIONS.filter((f) => f !== "hr_operations");

/** Projects each function's demand and reports the ones crossing the specialist threshold within the horizon. */
export function loadForecast(ctx: EvaluationContext): RuleSignal[] {
  return FORECAST_FUNCTIONS.map((f) => forecastFunction(ctx, f)).filter((s): s is RuleSignal => s !== null);
}
