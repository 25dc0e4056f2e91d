export type { EvaluationInput } from "./context.ts";
export { evaluateOrganisation, RULES } from "./evaluate.ts";
export type { Finding, FiredRule } from "./findings.ts";
export { type FunctionForecast, forecastFunctions, type LoadForecastView } from "./forecast.ts";
export { fteHoursPerWeek } from "./load.ts";
export { firstCrossingWeek } from "./math/crossing.ts";
export {
  assessCondition,
  type ConditionAssessment,
  type ConditionThresholds,
  type SustainRule,
} from "./math/hysteresis.ts";
export { fitLine, type LinearFit, valueAt } from "./math/least-squares.ts";
export {
  emptyLoadWeek,
  type FunctionLoadWeek,
  type HeadcountWeek,
  type HrTeam,
  type OpenAlert,
  type OrganisationMetrics,
} from "./metrics.ts";
export {
  openConditionsOf,
  type RecommendationReason,
  recommendByFunction,
  type StaffingRecommendation,
} from "./recommendations.ts";
export type { RuleDefinition } from "./rules/rule.ts";
export { isCompletePeriod, isCompleteWeek, lastCompleteWeek } from "./weeks.ts";
