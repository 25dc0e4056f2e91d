import { HR_FUNCTIONS, type HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import { formatPercent, functionName, plural } from "../labels.ts";
import { round, sum, trailingPooledShare } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Article: generalists "know enough to handle day-to-day operations and recognize
// when to escalate issues that require specialized attention"; "Do we have specific
// HR challenges that require deep expertise?" In tiered HR service delivery a ticket
// escalated from tier 1 (generalists) to tier 2 is that signal: a high escalation
// share says depth, not hours, is missing. Where the function already has a
// specialist, escalations reach them as designed, so the rule does not apply.
// HR operations is the generalists' own work and has no specialist to escalate to.

/** Escalation share as evidence of missing depth. */
export const escalationDepthRule: RuleDefinition = {
  ruleId: "escalation-depth",
  version: 1,
  title: "Share of tickets escalated beyond the generalists, sustained above the threshold",
};

function judgeFunction(ctx: EvaluationContext, hrFunction: HrFunction): RuleSignal | null {
  const load = ctx.load.get(hrFunction);
  if (load === undefined || ctx.specialistsIn(hrFunction) > 0) return null;
  const { escalationRaiseShare: raise, escalationClearShare: clear, escalationMinTickets } = ctx.policy.thresholds;
  const judged = judgeWindow(ctx, {
    hrFunction,
    ruleId: escalationDepthRule.ruleId,
    // Pooled over the smoothing window: one week's handful of tickets is too few to judge.
    series: trailingPooledShare(load.escalated, load.opened, ctx.policy.windows.smoothingWeeks, escalationMinTickets),
    thresholds: { direction: "above", raise, clear },
    metric: "escalation_share",
    unit: "share",
  });
  if (judged === null) return null;
  const weeks = ctx.weeks.length - ctx.sustainFrom;
  const escalated = sum(load.escalated.slice(ctx.sustainFrom));
  const opened = sum(load.opened.slice(ctx.sustainFrom));
  const share = opened === 0 ? 0 : escalated / opened;
  judged.evidence.details = { ticketsOpened: opened, ticketsEscalated: escalated, windowShare: round(share, 3) };
  return {
    kind: "staffing",
    rule: cite(escalationDepthRule),
    hrFunction,
    status: judged.status,
    justification: "depth",
    severity: "medium",
    reason:
      `${formatPercent(share)} of ${functionName(hrFunction)} tickets were escalated beyond the generalists over the last ` +
      `${plural(weeks, "week")} (${escalated} of ${opened}; ${windowClause(ctx, judged, formatPercent)}), so depth, not hours, is missing`,
    evidence: judged.evidence,
  };
}

/** Raises a staffing need (justified by depth) where escalations stay high and no specialist is in post. */
export function escalationDepth(ctx: EvaluationContext): RuleSignal[] {
  return HR_FUNCTIONS.filter((f) => f !== "hr_operations")
    .map((f) => judgeFunction(ctx, f))
    .filter((s): s is RuleSignal => s !== null);
}
