import type { HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "./context.ts";
import type { Finding, FiredRule, Recommendation } from "./findings.ts";
import { aSpecialist, capitalise, formatMoney, functionName } from "./labels.ts";
import { costBreakEvenRule, windowCost } from "./rules/cost-break-even.ts";
import { cite, type DirectSignal, type Justification, type RuleSignal, type StaffingSignal } from "./rules/rule.ts";
import { sizeAllowsSpecialist, sizeBandRule } from "./rules/size-band.ts";

// Rules report needs; this turns a function's needs into one coherent
// recommendation, shared by every finding on that function (each rule keeps its own
// finding, and `recommendByFunction` groups them into the one unit a person sees). In order:
//  1. HR operations is the generalists' own work: more of it means another generalist.
//  2. Small company (under 50) whose only need is regulation: outsource the function
//     to a fractional provider (article: smaller budgets "outsource specialized needs");
//     a full-time specialist waits until load, depth, growth or cost also call for one.
//     At 50 and over, regulation alone is a hire.
//  3. Tight budget (article: "Smaller budgets often mean starting with generalists
//     ... outsourcing specialized needs"), unless a specialist already costs no more
//     than the status quo: outsource what can be outsourced; hire only where
//     expertise is the need (regulation, depth); otherwise add generalist capacity.
//  4. Small company (under 50): load alone calls for generalist capacity; growth,
//     regulation, depth or cost justify a specialist at any size.
//  5. Otherwise a specialist, or another one if some are in post.

interface Decision {
  recommendation: Recommendation;
  conclusion: string;
  /** Rules that shaped the decision beyond the function's own active rules. */
  shapedBy: FiredRule[];
}

/** Who takes a regulated function off a small company's hands. */
function fractionalProvider(hrFunction: HrFunction): string {
  if (hrFunction === "health_safety") return "a fractional EHS (environment, health & safety) provider";
  if (hrFunction === "compliance" || hrFunction === "employee_relations") return "an employment-compliance provider";
  return `a fractional ${functionName(hrFunction)} provider`;
}

function decide(ctx: EvaluationContext, hrFunction: HrFunction, needs: readonly StaffingSignal[]): Decision {
  const name = functionName(hrFunction);
  const why = new Set<Justification>(needs.map((n) => n.justification));
  if (hrFunction === "hr_operations") {
    const conclusion = "add a generalist, since HR operations is the generalists' own work";
    return { recommendation: "add_generalist", conclusion, shapedBy: [] };
  }
  if (ctx.band === "small" && [...why].every((j) => j === "regulation")) {
    const conclusion =
      `at ${ctx.currentHeadcount} employees regulation alone does not fill a full-time specialist, ` +
      `so outsource ${name} to ${fractionalProvider(hrFunction)}`;
    return { recommendation: "outsource", conclusion, shapedBy: [cite(sizeBandRule)] };
  }
  const { mode, outsourceableFunctions } = ctx.policy.budget;
  if (mode === "tight" && !why.has("cost")) {
    const cost = windowCost(ctx, hrFunction);
    const money = (v: number): string => formatMoney(v, cost.currency);
    const costs = `a specialist would cost ${money(cost.specialistAnnualCost)} a year against about ${money(cost.currentAnnualCost)} today`;
    const shapedBy = [cite(costBreakEvenRule)];
    if (outsourceableFunctions.includes(hrFunction)) {
      return {
        recommendation: "outsource",
        conclusion: `the budget policy is tight and ${costs}, so outsource ${name}`,
        shapedBy,
      };
    }
    if (!why.has("regulation") && !why.has("depth")) {
      const conclusion = `the budget policy is tight, ${name} is not outsourceable and ${costs}, so add generalist capacity`;
      return { recommendation: "add_generalist", conclusion, shapedBy };
    }
    const conclusion = `${aSpecialist(hrFunction)} is justified even on a tight budget, because generalists cannot supply the expertise`;
    return { recommendation: "hire_specialist", conclusion, shapedBy };
  }
  if (!sizeAllowsSpecialist(ctx.band, why)) {
    const conclusion = `at ${ctx.currentHeadcount} employees size alone does not justify a specialist, so add generalist capacity`;
    return { recommendation: "add_generalist", conclusion, shapedBy: [] };
  }
  const another = ctx.specialistsIn(hrFunction) > 0;
  return {
    recommendation: "hire_specialist",
    conclusion: another ? `another ${name} specialist is justified` : `${aSpecialist(hrFunction)} is justified`,
    shapedBy: [],
  };
}

/** Primary rule first, then the others once each, ordered by id. */
function firedRules(primary: FiredRule, others: readonly FiredRule[]): FiredRule[] {
  const seen = new Set([primary.ruleId]);
  const rest: FiredRule[] = [];
  for (const rule of others) {
    if (seen.has(rule.ruleId)) continue;
    seen.add(rule.ruleId);
    rest.push(rule);
  }
  rest.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return [{ ...primary }, ...rest];
}

function staffingFinding(
  ctx: EvaluationContext,
  signal: StaffingSignal,
  needs: readonly StaffingSignal[],
  decision: Decision,
): Finding {
  const evidence = { ...signal.evidence };
  if (signal.hrFunction !== "hr_operations" && evidence.cost === null)
    evidence.cost = windowCost(ctx, signal.hrFunction);
  return {
    organisationId: ctx.metrics.organisationId,
    hrFunction: signal.hrFunction,
    ruleId: signal.rule.ruleId,
    ruleVersion: signal.rule.version,
    firedRules: firedRules(signal.rule, [...needs.map((n) => n.rule), cite(sizeBandRule), ...decision.shapedBy]),
    recommendation: decision.recommendation,
    severity: signal.severity,
    status: signal.status,
    summary: `${capitalise(signal.reason)}: ${decision.conclusion}.`,
    evidence,
  };
}

function directFinding(ctx: EvaluationContext, signal: DirectSignal): Finding {
  return {
    organisationId: ctx.metrics.organisationId,
    hrFunction: signal.hrFunction,
    ruleId: signal.rule.ruleId,
    ruleVersion: signal.rule.version,
    firedRules: firedRules(signal.rule, signal.supportingRules),
    recommendation: signal.recommendation,
    severity: signal.severity,
    status: signal.status,
    summary: signal.summary,
    evidence: signal.evidence,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.hrFunction !== b.hrFunction) return a.hrFunction < b.hrFunction ? -1 : 1;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return 0;
}

/** Turns every rule's signals into findings with coherent per-function recommendations, sorted by function then rule. */
export function combineSignals(ctx: EvaluationContext, signals: readonly RuleSignal[]): Finding[] {
  const needsByFunction = new Map<HrFunction, StaffingSignal[]>();
  for (const signal of signals) {
    if (signal.kind !== "staffing") continue;
    needsByFunction.set(signal.hrFunction, [...(needsByFunction.get(signal.hrFunction) ?? []), signal]);
  }
  const findings: Finding[] = [];
  for (const [hrFunction, needs] of needsByFunction) {
    const decision = decide(ctx, hrFunction, needs);
    for (const need of needs) findings.push(staffingFinding(ctx, need, needs, decision));
  }
  for (const signal of signals) {
    if (signal.kind !== "direct") continue;
    if (signal.supersededByStaffing && needsByFunction.has(signal.hrFunction)) continue;
    findings.push(directFinding(ctx, signal));
  }
  return findings.sort(compareFindings);
}
