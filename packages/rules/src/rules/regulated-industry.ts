import { type HrFunction, regulationKey, resolveIndustry } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import { capitalise, formatFte, functionName } from "../labels.ts";
import { mean, round } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { baseEvidence, trendOf } from "./window.ts";

// Article: "A manufacturing company needs an HR specialist focused on safety and
// compliance due to regulatory requirements", regardless of size. The condition is
// a fact about the organisation (its industry and who is in post), not a measured
// weekly value, so it cannot wobble and needs no hysteresis: it holds until a
// specialist is in post or the industry map changes.

/** Regulated industry: functions that need a specialist whatever the size. */
export const regulatedIndustryRule: RuleDefinition = {
  ruleId: "regulated-industry",
  version: 1,
  title: "Industry on the regulated list needs specialists in its regulated functions",
};

/** The official NAICS title of a known industry; otherwise "financial_services" -> "Financial services". */
function industryName(industry: string): string {
  return resolveIndustry(industry).sector?.title ?? capitalise(industry.replace(/[_-]+/g, " "));
}

// An industry outside the taxonomy (and not regulated by the organisation's own policy) is
// stored as given; saying nothing would read as "not regulated", so the rule says it could
// not tell. A note, not a staffing need: `info`, `no_change`, on the generalists' function.
function industryNotRecognised(ctx: EvaluationContext, industry: string): RuleSignal {
  const evidence = baseEvidence(ctx, "industry_recognised", "none");
  evidence.details = { industry, recognised: false, policyPath: `regulation.industries.${regulationKey(industry)}` };
  return {
    kind: "direct",
    rule: cite(regulatedIndustryRule),
    hrFunction: "hr_operations",
    status: "raised",
    recommendation: "no_change",
    severity: "info",
    summary:
      `Industry not recognised: regulation not assessed. "${industry}" is not a NAICS 2022 sector code, title or known alias ` +
      "(e.g. 31-33 or Manufacturing, 48-49 or Transportation and Warehousing), so no function was checked for a regulatory need.",
    evidence,
    supportingRules: [],
    supersededByStaffing: false,
  };
}

function joinNames(functions: readonly HrFunction[]): string {
  const names = functions.map(functionName);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Raises a staffing need (justified by regulation) for each regulated function with no specialist in post. */
export function regulatedIndustry(ctx: EvaluationContext): RuleSignal[] {
  const industry = ctx.metrics.industry;
  if (industry === null) return [];
  const key = regulationKey(industry);
  const listed = Object.hasOwn(ctx.policy.regulation.industries, key)
    ? ctx.policy.regulation.industries[key]
    : undefined;
  if (listed === undefined && !resolveIndustry(industry).recognised) return [industryNotRecognised(ctx, industry)];
  const required = [...new Set(listed ?? [])];
  return required
    .filter((f) => ctx.specialistsIn(f) === 0)
    .map((hrFunction) => {
      const load = ctx.load.get(hrFunction);
      const loadAverage = load === undefined ? 0 : (mean(load.fte.slice(ctx.sustainFrom)) ?? 0);
      const evidence = baseEvidence(ctx, "specialists_in_post", "none");
      evidence.latest = 0;
      evidence.trend = load === undefined ? null : trendOf(ctx, load.fte);
      evidence.details = {
        industry,
        regulatedFunctions: required,
        policyPath: `regulation.industries.${key}`,
        loadFteAverage: round(loadAverage),
      };
      const shared = required.length > 1 ? `; one specialist can cover ${joinNames(required)}` : "";
      return {
        kind: "staffing" as const,
        rule: cite(regulatedIndustryRule),
        hrFunction,
        status: "raised" as const,
        justification: "regulation" as const,
        severity: "medium" as const,
        reason:
          `${industryName(industry)} is regulated for ${joinNames(required)} and no ${functionName(hrFunction)} specialist is in post ` +
          `(load ${formatFte(loadAverage)}, but regulation, not volume, decides${shared})`,
        evidence,
      };
    });
}
