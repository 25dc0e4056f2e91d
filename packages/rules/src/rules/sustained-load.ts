import { HR_FUNCTIONS, type HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import type { HandlingTimeEvidence } from "../findings.ts";
import { capitalise, formatFte, formatNumber, functionName, plural } from "../labels.ts";
import { handlingTimeEvidence } from "../load.ts";
import { mean, round } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Article: "Do we have high volume in certain HR functions? If yes, you probably
// need specialists for those areas." A function whose demand, beyond what its
// specialists already cover, stays near a full-time person justifies one (more).

/** Sustained load in FTE per function. */
export const sustainedLoadRule: RuleDefinition = {
  ruleId: "sustained-load",
  version: 1,
  title: "Weekly load in FTE (beyond specialists in post) sustained above the threshold",
};

/** ", counting 52 resolved tickets without handling minutes at the 25-minute default". */
export function defaultsClause(handling: HandlingTimeEvidence): string {
  if (!handling.defaultsUsed) return "";
  const tickets = plural(handling.ticketsEstimated, "resolved ticket");
  return `, counting ${tickets} without handling minutes at the ${formatNumber(handling.defaultMinutesPerTicket)}-minute default`;
}

function judgeFunction(ctx: EvaluationContext, hrFunction: HrFunction): RuleSignal | null {
  const load = ctx.load.get(hrFunction);
  if (load === undefined) return null;
  const specialists = ctx.specialistsIn(hrFunction);
  const { specialistRaiseFte: raise, specialistClearFte: clear, specialistHighSeverityFte } = ctx.policy.thresholds;
  const judged = judgeWindow(ctx, {
    hrFunction,
    ruleId: sustainedLoadRule.ruleId,
    series: load.fte.map((fte) => fte - specialists),
    thresholds: { direction: "above", raise, clear },
    metric: "uncovered_load_fte",
    unit: "fte",
  });
  if (judged === null) return null;
  const weeks = ctx.weeks.length - ctx.sustainFrom;
  const totalLoad = mean(load.fte.slice(ctx.sustainFrom)) ?? 0;
  const uncovered = judged.average ?? 0;
  const handling = handlingTimeEvidence(load, ctx.sustainFrom, ctx.policy);
  judged.evidence.handlingTime = handling;
  judged.evidence.details = { loadFteAverage: round(totalLoad), specialistsInPost: specialists };
  const beyond = specialists > 0 ? `, ${formatFte(uncovered)} beyond the ${formatNumber(specialists)} in post` : "";
  return {
    kind: "staffing",
    rule: cite(sustainedLoadRule),
    hrFunction,
    status: judged.status,
    justification: "load",
    severity: uncovered >= specialistHighSeverityFte ? "high" : "medium",
    reason:
      `${capitalise(functionName(hrFunction))} load averaged ${formatFte(totalLoad)} over the last ${plural(weeks, "week")}${beyond} ` +
      `(${windowClause(ctx, judged, formatFte)})${defaultsClause(handling)}`,
    evidence: judged.evidence,
  };
}

/** Raises a staffing need for every function whose uncovered load is sustained. */
export function sustainedLoad(ctx: EvaluationContext): RuleSignal[] {
  return HR_FUNCTIONS.map((f) => judgeFunction(ctx, f)).filter((s): s is RuleSignal => s !== null);
}
