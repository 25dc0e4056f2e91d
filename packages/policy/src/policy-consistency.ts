import type { z } from "zod";
import { HR_FUNCTIONS } from "./hr-functions.ts";
import type { Policy } from "./policy.ts";

// Cross-field rules a single field's schema cannot express. Each is an ordering
// between two fields ("lower" must sit below "upper"). The issue names both fields in
// `params.paths` so that `resolvePolicy` can blame the one an override changed; the
// first listed path is blamed when nothing says otherwise.

/** Two dotted policy paths whose values must be ordered. */
interface Ordering {
  readonly lower: string;
  readonly upper: string;
  /** `true`: lower < upper (a hysteresis gap); `false`: lower <= upper. */
  readonly strict: boolean;
  /** Which side is blamed when neither was overridden. */
  readonly blame: "lower" | "upper";
}

const below = (lower: string, upper: string, blame: "lower" | "upper" = "upper"): Ordering => ({
  lower,
  upper,
  strict: true,
  blame,
});
const atMost = (lower: string, upper: string, blame: "lower" | "upper" = "lower"): Ordering => ({
  lower,
  upper,
  strict: false,
  blame,
});

const ORDERINGS: readonly Ordering[] = [
  atMost("windows.sustainWeeks", "windows.lookbackWeeks"),
  atMost("windows.raiseMinWeeks", "windows.sustainWeeks"),
  atMost("windows.clearConsecutiveWeeks", "windows.sustainWeeks"),
  atMost("windows.smoothingWeeks", "windows.lookbackWeeks"),
  below("sizeBands.smallMaxHeadcount", "sizeBands.midMaxHeadcount", "lower"),
  below("thresholds.specialistClearFte", "thresholds.specialistRaiseFte"),
  atMost("thresholds.specialistRaiseFte", "thresholds.specialistHighSeverityFte", "upper"),
  below("thresholds.coverageClearGapFte", "thresholds.coverageRaiseGapFte"),
  below("thresholds.escalationClearShare", "thresholds.escalationRaiseShare"),
  below("thresholds.unmappedClearShare", "thresholds.unmappedRaiseShare"),
  below("thresholds.costBreakEvenClearRatio", "thresholds.costBreakEvenRaiseRatio"),
  below("hrRatio.benchmarks.small.lowPer100", "hrRatio.benchmarks.small.highPer100", "lower"),
  below("hrRatio.benchmarks.mid.lowPer100", "hrRatio.benchmarks.mid.highPer100", "lower"),
  below("hrRatio.benchmarks.large.lowPer100", "hrRatio.benchmarks.large.highPer100", "lower"),
  atMost("salaries.generalist.min", "salaries.generalist.max"),
  ...HR_FUNCTIONS.map((f) => atMost(`salaries.specialist.${f}.min`, `salaries.specialist.${f}.max`)),
  atMost("forecast.minTrendWeeks", "windows.lookbackWeeks"),
  atMost("forecast.horizonWeeks", "forecast.clearHorizonWeeks"),
];

/** Reads a number at a dotted path; the schema has already checked the shape. */
function numberAt(policy: Policy, path: string): number {
  let node: unknown = policy;
  for (const key of path.split(".")) {
    node = (node as Record<string, unknown>)[key];
  }
  return node as number;
}

function describe(ordering: Ordering, blamed: "lower" | "upper", policy: Policy): string {
  const relation = ordering.strict ? "" : " or equal to";
  return blamed === "lower"
    ? `must be less than${relation} ${ordering.upper} (${numberAt(policy, ordering.upper)})`
    : `must be greater than${relation} ${ordering.lower} (${numberAt(policy, ordering.lower)})`;
}

/**
 * Adds one issue per violated cross-field ordering (a clear threshold not below its
 * raise threshold, a salary minimum above its maximum, ...). Used by `policySchema`.
 */
export function checkPolicyConsistency(policy: Policy, ctx: z.RefinementCtx): void {
  for (const ordering of ORDERINGS) {
    const lower = numberAt(policy, ordering.lower);
    const upper = numberAt(policy, ordering.upper);
    const holds = ordering.strict ? lower < upper : lower <= upper;
    if (holds) continue;
    const blamedPath = ordering.blame === "lower" ? ordering.lower : ordering.upper;
    const otherPath = ordering.blame === "lower" ? ordering.upper : ordering.lower;
    ctx.addIssue({
      code: "custom",
      path: blamedPath.split("."),
      message: describe(ordering, ordering.blame, policy),
      // Both sides, blamed first, plus a message for blaming the other side instead.
      params: {
        paths: [blamedPath, otherPath],
        messages: [
          describe(ordering, ordering.blame, policy),
          describe(ordering, ordering.blame === "lower" ? "upper" : "lower", policy),
        ],
      },
    });
  }
}
