import { combineSignals } from "./combine.ts";
import { buildContext, type EvaluationInput } from "./context.ts";
import type { Finding } from "./findings.ts";
import { costBreakEven, costBreakEvenRule } from "./rules/cost-break-even.ts";
import { escalationDepth, escalationDepthRule } from "./rules/escalation-depth.ts";
import { generalistCoverage, generalistCoverageRule } from "./rules/generalist-coverage.ts";
import { hiringVelocity, hiringVelocityRule } from "./rules/hiring-velocity.ts";
import { hrRatio, hrRatioRule } from "./rules/hr-ratio.ts";
import { loadForecast, loadForecastRule } from "./rules/load-forecast.ts";
import { regulatedIndustry, regulatedIndustryRule } from "./rules/regulated-industry.ts";
import type { RuleDefinition, RuleEvaluator } from "./rules/rule.ts";
import { sizeBandRule } from "./rules/size-band.ts";
import { sustainedLoad, sustainedLoadRule } from "./rules/sustained-load.ts";
import { unmappedLoad, unmappedLoadRule } from "./rules/unmapped-load.ts";

const EVALUATORS: readonly RuleEvaluator[] = [
  generalistCoverage,
  hrRatio,
  sustainedLoad,
  hiringVelocity,
  regulatedIndustry,
  escalationDepth,
  costBreakEven,
  unmappedLoad,
  loadForecast,
];

/**
 * Every rule the engine knows, with its current version. `size-band` only supports
 * other findings; every other rule can be a finding's primary `ruleId`.
 */
export const RULES: readonly RuleDefinition[] = [
  sizeBandRule,
  generalistCoverageRule,
  hrRatioRule,
  sustainedLoadRule,
  hiringVelocityRule,
  regulatedIndustryRule,
  escalationDepthRule,
  costBreakEvenRule,
  unmappedLoadRule,
  loadForecastRule,
];

/**
 * Evaluates one organisation: every active staffing condition as a finding, sorted by
 * function then rule id. Pure and deterministic: the same input gives the same output,
 * and nothing reads the clock, the network or a random source (`evaluatedAt` is the
 * time). `openAlerts` are the alerts the analyzer has open, which hysteresis holds
 * until they clear; an open alert missing from the result has cleared.
 *
 * @throws RangeError when `evaluatedAt` is not an ISO instant or `metrics.timeZone` is not an IANA zone.
 */
export function evaluateOrganisation(input: EvaluationInput): Finding[] {
  const ctx = buildContext(input);
  return combineSignals(
    ctx,
    EVALUATORS.flatMap((evaluate) => evaluate(ctx)),
  );
}
