export { HR_FUNCTIONS, type HrFunction, hrFunctionSchema, type LoadBucket, UNMAPPED } from "./hr-functions.ts";
export type { BudgetMode, Policy, SalaryBand } from "./policy.ts";
export { defaultPolicy } from "./policy-defaults.ts";
export { type PolicyError, type PolicyOverrides, policyOverridesSchema, resolvePolicy } from "./policy-overrides.ts";
export {
  RECOMMENDATIONS,
  type Recommendation,
  recommendationSchema,
  SEVERITIES,
  type Severity,
  severitySchema,
} from "./recommendations.ts";
