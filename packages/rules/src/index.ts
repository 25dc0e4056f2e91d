export * from "./findings.ts";
export * from "./metrics.ts";
export { evaluateOrganisation, RULES } from "./evaluate.ts";
export type { EvaluationInput } from "./context.ts";
export type { RuleDefinition } from "./rules/rule.ts";
export { fteHoursPerWeek } from "./load.ts";
export { fitLine, valueAt, type LinearFit } from "./math/least-squares.ts";
export { firstCrossingWeek } from "./math/crossing.ts";
export { assessCondition, type ConditionAssessment, type ConditionThresholds, type SustainRule } from "./math/hysteresis.ts";
