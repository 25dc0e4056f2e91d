import type { HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import type { Evidence, FindingStatus, FiredRule, Recommendation, Severity } from "../findings.ts";

// What a rule hands the combiner. A rule judges one condition; it does not decide
// the final recommendation when that depends on other rules (size band, budget,
// cost), so a staffing need travels as a `StaffingSignal` and the combiner turns all
// of a function's needs into one coherent recommendation.

/** A rule's identity; bump `version` whenever its logic or defaults change meaning. */
export interface RuleDefinition extends FiredRule {
  /** What it checks, in a few words (used in the README table). */
  readonly title: string;
}

/** Why a function needs more than its generalists. */
export type Justification = "load" | "growth" | "regulation" | "depth" | "cost";

/** A function that needs a specialist, or something short of one; the combiner decides which. */
export interface StaffingSignal {
  readonly kind: "staffing";
  readonly rule: FiredRule;
  readonly hrFunction: HrFunction;
  readonly status: FindingStatus;
  readonly justification: Justification;
  readonly severity: Severity;
  /** The first half of the summary sentence, with the numbers; the combiner adds the conclusion. */
  readonly reason: string;
  readonly evidence: Evidence;
}

/** A finding whose recommendation the rule decides itself (coverage, ratio, notes, forecasts). */
export interface DirectSignal {
  readonly kind: "direct";
  readonly rule: FiredRule;
  readonly hrFunction: HrFunction;
  readonly status: FindingStatus;
  readonly recommendation: Recommendation;
  readonly severity: Severity;
  readonly summary: string;
  readonly evidence: Evidence;
  readonly supportingRules: readonly FiredRule[];
  /** Dropped when the same function already has an active staffing need (a forecast of what is already here). */
  readonly supersededByStaffing: boolean;
}

/** Anything a rule reports. */
export type RuleSignal = StaffingSignal | DirectSignal;

/** A rule as the engine runs it. */
export type RuleEvaluator = (ctx: EvaluationContext) => RuleSignal[];

/** `{ ruleId, version }` of a definition, as findings cite it. */
export function cite(rule: RuleDefinition): FiredRule {
  return { ruleId: rule.ruleId, version: rule.version };
}
