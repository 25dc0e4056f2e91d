import { HR_FUNCTIONS, type HrFunction, type SalaryBand } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import type { CostEvidence } from "../findings.ts";
import { capitalise, formatFte, formatMoney, formatNumber, functionName } from "../labels.ts";
import { mean, round } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Article: a generalist costs $60,000-$75,000, an experienced specialist
// $80,000-$120,000+; "Smaller budgets often mean starting with generalists ... while
// outsourcing specialized needs like benefits administration". A specialist pays for
// itself when what the function already costs (generalist time at the loaded rate,
// plus outsourcing spend) reaches the specialist's loaded cost. The same comparison
// decides, under a tight budget, between outsourcing and hiring (see combine.ts).

/** Cost break-even of a specialist against the status quo. */
export const costBreakEvenRule: RuleDefinition = {
  ruleId: "cost-break-even",
  version: 1,
  title: "Generalist time + outsourcing spend against a specialist's loaded cost",
};

function midpoint(band: SalaryBand): number {
  return (band.min + band.max) / 2;
}

/** Annual cost of `loadFte` of generalist time plus outsourcing, against a specialist. */
export function costOf(ctx: EvaluationContext, hrFunction: HrFunction, loadFte: number): CostEvidence {
  const { loadedCostFactor, currency, outsourcingAnnualSpend } = ctx.policy.budget;
  const generalist = midpoint(ctx.policy.salaries.generalist) * loadedCostFactor;
  const specialist = midpoint(ctx.policy.salaries.specialist[hrFunction]) * loadedCostFactor;
  const outsourcing = outsourcingAnnualSpend[hrFunction];
  const current = Math.max(loadFte, 0) * generalist + outsourcing;
  return {
    currency,
    loadFte: round(Math.max(loadFte, 0)),
    generalistAnnualLoadedCost: round(generalist, 0),
    generalistTimeAnnualCost: round(current - outsourcing, 0),
    outsourcingAnnualSpend: outsourcing,
    currentAnnualCost: round(current, 0),
    specialistAnnualCost: round(specialist, 0),
    ratio: specialist === 0 ? 0 : round(current / specialist, 3),
    loadedCostFactor,
  };
}

/** Weekly load beyond the specialists in post (zeros when the function has no load). */
function uncoveredLoad(ctx: EvaluationContext, hrFunction: HrFunction): number[] {
  const specialists = ctx.specialistsIn(hrFunction);
  const fte = ctx.load.get(hrFunction)?.fte ?? ctx.weeks.map(() => 0);
  return fte.map((v) => Math.max(v - specialists, 0));
}

/** The cost comparison over the sustain window, for any staffing finding's evidence. */
export function windowCost(ctx: EvaluationContext, hrFunction: HrFunction): CostEvidence {
  return costOf(ctx, hrFunction, mean(uncoveredLoad(ctx, hrFunction).slice(ctx.sustainFrom)) ?? 0);
}

function judgeFunction(ctx: EvaluationContext, hrFunction: HrFunction): RuleSignal | null {
  const { costBreakEvenRaiseRatio: raise, costBreakEvenClearRatio: clear } = ctx.policy.thresholds;
  const judged = judgeWindow(ctx, {
    hrFunction,
    ruleId: costBreakEvenRule.ruleId,
    series: uncoveredLoad(ctx, hrFunction).map((fte) => costOf(ctx, hrFunction, fte).ratio),
    thresholds: { direction: "above", raise, clear },
    metric: "cost_ratio",
    unit: "ratio",
  });
  if (judged === null) return null;
  const cost = windowCost(ctx, hrFunction);
  judged.evidence.cost = cost;
  const money = (v: number): string => formatMoney(v, cost.currency);
  return {
    kind: "staffing",
    rule: cite(costBreakEvenRule),
    hrFunction,
    status: judged.status,
    justification: "cost",
    severity: "medium",
    reason:
      `${capitalise(functionName(hrFunction))} already costs about ${money(cost.currentAnnualCost)} a year ` +
      `(${formatFte(cost.loadFte)} of generalist time at ${money(cost.generalistAnnualLoadedCost)} loaded, plus ` +
      `${money(cost.outsourcingAnnualSpend)} outsourcing) against ${money(cost.specialistAnnualCost)} for a loaded specialist ` +
      `(ratio ${formatNumber(cost.ratio)}; ${windowClause(ctx, judged, formatNumber)})`,
    evidence: judged.evidence,
  };
}

/** Raises a staffing need (justified by cost) where a specialist is already no dearer than the status quo. */
export function costBreakEven(ctx: EvaluationContext): RuleSignal[] {
  return HR_FUNCTIONS.filter((f) => f !== "hr_operations")
    .map((f) => judgeFunction(ctx, f))
    .filter((s): s is RuleSignal => s !== null);
}
