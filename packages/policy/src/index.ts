export {
  CATEGORY_SYNONYMS,
  type CategoryMapping,
  type CategoryMappingSource,
  categoryKey,
  defaultCategoryKeys,
  mapCategory,
} from "./category-synonyms.ts";
export {
  HR_FUNCTIONS,
  type HrFunction,
  hrFunctionSchema,
  type LoadBucket,
  loadBucketSchema,
  UNMAPPED,
} from "./hr-functions.ts";
export {
  INDUSTRY_SECTORS,
  type IndustryResolution,
  type IndustrySector,
  industrySlug,
  normaliseIndustry,
  regulationKey,
  resolveIndustry,
} from "./industries.ts";
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
