import { z } from "zod";
import { hrFunctionSchema, loadBucketSchema } from "./hr-functions.ts";
import { regulationKey } from "./industries.ts";
import {
  budgetPolicySchema,
  capacityPolicySchema,
  coveragePolicySchema,
  forecastPolicySchema,
  hiringPolicySchema,
  hrRatioPolicySchema,
  type Policy,
  policySchema,
  ratioBenchmarkSchema,
  regulationPolicySchema,
  salariesPolicySchema,
  salaryBandSchema,
  sizeBandsPolicySchema,
  thresholdsPolicySchema,
  windowsPolicySchema,
} from "./policy.ts";
import { defaultPolicy } from "./policy-defaults.ts";

// Overrides are a deep-partial policy: any field may be left out, no unknown key is
// accepted (a typo must not silently fall back to a default). Objects merge field by
// field; arrays replace (an override of `outsourceableFunctions` is the whole list);
// records merge key by key (overriding `regulation.industries.mining` keeps
// manufacturing).

/**
 * What an organisation may override: any subset of {@link policySchema}'s fields,
 * nested objects partial too, unknown keys rejected.
 */
export const policyOverridesSchema = z.strictObject({
  windows: windowsPolicySchema.partial().optional(),
  capacity: capacityPolicySchema
    .extend({ defaultHandlingMinutes: z.partialRecord(loadBucketSchema, z.number().positive()) })
    .partial()
    .optional(),
  sizeBands: sizeBandsPolicySchema.partial().optional(),
  coverage: coveragePolicySchema.partial().optional(),
  thresholds: thresholdsPolicySchema.partial().optional(),
  hrRatio: hrRatioPolicySchema
    .extend({
      benchmarks: z
        .strictObject({
          small: ratioBenchmarkSchema.partial(),
          mid: ratioBenchmarkSchema.partial(),
          large: ratioBenchmarkSchema.partial(),
        })
        .partial(),
    })
    .partial()
    .optional(),
  hiring: hiringPolicySchema.partial().optional(),
  regulation: regulationPolicySchema.partial().optional(),
  budget: budgetPolicySchema
    .extend({ outsourcingAnnualSpend: z.partialRecord(hrFunctionSchema, z.number().nonnegative()) })
    .partial()
    .optional(),
  salaries: salariesPolicySchema
    .extend({
      generalist: salaryBandSchema.partial(),
      specialist: z.partialRecord(hrFunctionSchema, salaryBandSchema.partial()),
    })
    .partial()
    .optional(),
  forecast: forecastPolicySchema.partial().optional(),
});

/** A deep-partial policy, as stored per organisation. */
export type PolicyOverrides = z.infer<typeof policyOverridesSchema>;

/** Why overrides were rejected: the first failing field as a dotted path, and why. */
export interface PolicyError {
  /** Dotted path of the failing field, e.g. `thresholds.specialistRaiseFte`; empty for the overrides as a whole. */
  path: string;
  message: string;
}

/** The outcome of {@link resolvePolicy}. */
export type PolicyResolution = { success: true; data: Policy } | { success: false; error: PolicyError };

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge recursively; anything else in `overrides` replaces the base value. */
function deepMerge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (UNSAFE_KEYS.has(key) || value === undefined) continue;
    merged[key] = deepMerge(base[key], value);
  }
  return merged;
}

function hasPath(value: unknown, path: string): boolean {
  let node = value;
  for (const key of path.split(".")) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  return true;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

/** Turns zod's first issue into a dotted path, naming the key itself for unknown keys. */
function firstError(issues: readonly z.core.$ZodIssue[], overrides: unknown): PolicyError {
  const issue = issues[0];
  if (issue === undefined) return { path: "", message: "invalid policy" };
  if (issue.code === "unrecognized_keys") {
    return { path: dotted([...issue.path, issue.keys[0] ?? ""]), message: "is not a policy field" };
  }
  if (issue.code === "invalid_key") {
    return { path: dotted(issue.path), message: `key ${issue.issues[0]?.message ?? issue.message}` };
  }
  if (issue.code === "custom" && isOrderingParams(issue.params)) {
    // Blame the side of a cross-field ordering that the override actually changed.
    const index = issue.params.paths.findIndex((p) => hasPath(overrides, p));
    const chosen = Math.max(index, 0);
    return {
      path: issue.params.paths[chosen] ?? dotted(issue.path),
      message: issue.params.messages[chosen] ?? issue.message,
    };
  }
  return { path: dotted(issue.path), message: issue.message };
}

/**
 * Override keys of `regulation.industries` in any spelling (`logistics`, `48-49`,
 * "Transportation and Warehousing") name the same industry key the defaults and the
 * stored industry use, so an override written before the taxonomy keeps working.
 */
function withIndustryKeys(overrides: PolicyOverrides): PolicyOverrides {
  const industries = overrides.regulation?.industries;
  if (industries === undefined) return overrides;
  const keyed = Object.fromEntries(
    Object.entries(industries).map(([raw, functions]) => [regulationKey(raw), functions]),
  );
  return { ...overrides, regulation: { ...overrides.regulation, industries: keyed } };
}

function isOrderingParams(params: unknown): params is { paths: string[]; messages: string[] } {
  return isPlainObject(params) && Array.isArray(params.paths) && Array.isArray(params.messages);
}

/**
 * Applies an organisation's overrides to {@link defaultPolicy} and validates the
 * result, including cross-field rules (a clear threshold below its raise threshold,
 * a salary minimum at most its maximum). All or nothing: a bad override is rejected
 * whole and reported as the first failing field's dotted path. `undefined` and `null`
 * mean "no overrides".
 */
export function resolvePolicy(overrides: unknown): PolicyResolution {
  const parsedOverrides = policyOverridesSchema.safeParse(overrides ?? {});
  if (!parsedOverrides.success) {
    return { success: false, error: firstError(parsedOverrides.error.issues, overrides) };
  }
  const merged = policySchema.safeParse(deepMerge(defaultPolicy, withIndustryKeys(parsedOverrides.data)));
  if (!merged.success) {
    return { success: false, error: firstError(merged.error.issues, overrides) };
  }
  return { success: true, data: merged.data };
}
