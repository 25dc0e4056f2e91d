import { HR_FUNCTIONS, type HrFunction, type LoadBucket, UNMAPPED } from "./hr-functions.ts";

// Most helpdesks name their categories after the HR function ("Benefits", "Payroll",
// "L&D"), so those map without the organisation saying so. A profile's own mapping
// always wins, and a category that is neither mapped nor a known name stays `unmapped`.
// This list is the one source of the defaults: the trend derivation (SQL) receives it as
// `defaultCategoryKeys()`, keyed by `categoryKey`, whose SQL twin is in packages/trends.

/** Documented names of each function, besides its id, that map a helpdesk category to it by default. */
export const CATEGORY_SYNONYMS: Readonly<Record<HrFunction, readonly string[]>> = {
  recruiting: ["Recruiting", "Recruitment", "Hiring", "Talent acquisition", "Requisitions"],
  compensation: ["Compensation", "Comp", "Salary", "Pay review", "Compensation review"],
  benefits: ["Benefits", "Benefit", "Insurance", "Pension", "Retirement plan"],
  payroll: ["Payroll", "Payslips", "Timesheets"],
  employee_relations: ["Employee relations", "ER", "Grievance", "Grievances", "Workplace issues"],
  learning_development: ["Learning and development", "L&D", "Learning", "Training", "Certifications"],
  compliance: ["Compliance", "Regulatory", "Legal compliance"],
  health_safety: ["Health and safety", "EHS", "HSE", "Safety", "OHS", "Occupational health"],
  onboarding: ["Onboarding", "New hire", "New hires", "New joiners", "New starters"],
  hr_operations: ["HR ops", "HR operations", "HR admin", "HR policies", "Policies", "HR general"],
};

/**
 * How categories are compared for the default mapping: ASCII letters and digits only,
 * lowercased, words split on anything else, the word "and" dropped, joined without a
 * separator. "Health & Safety", "health_safety" and "HEALTH AND SAFETY" all read
 * `healthsafety`. The SQL twin in packages/trends must compute the same.
 */
export function categoryKey(category: string): string {
  return category
    .replace(/[^A-Za-z0-9]+/g, " ")
    .toLowerCase()
    .split(" ")
    .filter((w) => w !== "and")
    .join("");
}

const DEFAULT_BY_KEY: ReadonlyMap<string, HrFunction> = (() => {
  const byKey = new Map<string, HrFunction>();
  for (const hrFunction of HR_FUNCTIONS) {
    for (const name of [hrFunction, ...CATEGORY_SYNONYMS[hrFunction]]) {
      const key = categoryKey(name);
      const seen = byKey.get(key);
      if (seen !== undefined && seen !== hrFunction) {
        throw new Error(`category synonym "${name}" is claimed by ${seen} and ${hrFunction}`);
      }
      byKey.set(key, hrFunction);
    }
  }
  return byKey;
})();

/** Normalised category key -> function, for every function id and synonym (the SQL lookup table). */
export function defaultCategoryKeys(): Record<string, HrFunction> {
  return Object.fromEntries(DEFAULT_BY_KEY);
}

/** Where a category's function comes from: the profile's mapping, the default names, or neither. */
export type CategoryMappingSource = "profile" | "default" | "unmapped";

/** A category's function in force and why. */
export type CategoryMapping = {
  /** The category as the helpdesk sends it. */
  category: string;
  /** The function its load is counted under; {@link UNMAPPED} when none applies. */
  hrFunction: LoadBucket;
  source: CategoryMappingSource;
};

/**
 * The function a helpdesk category counts under: the profile's mapping (exact category)
 * first, then the default names ({@link CATEGORY_SYNONYMS}), else `unmapped`.
 */
export function mapCategory(category: string, profileMapping: Readonly<Record<string, string>>): CategoryMapping {
  const mapped = Object.hasOwn(profileMapping, category) ? profileMapping[category] : undefined;
  if (mapped !== undefined) return { category, hrFunction: mapped as LoadBucket, source: "profile" };
  const fallback = DEFAULT_BY_KEY.get(categoryKey(category));
  if (fallback !== undefined) return { category, hrFunction: fallback, source: "default" };
  return { category, hrFunction: UNMAPPED, source: "unmapped" };
}
