import type { EvaluationContext } from "../context.ts";
import { formatNumber, plural } from "../labels.ts";
import { round } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { sizeBandRule } from "./size-band.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Article: "One or two generalists can handle the full spectrum of HR needs for
// companies with 50-200 employees", i.e. about one generalist per 100 employees.
// The metric is the shortfall in generalists (needed minus in post), so it is finite
// and comparable even when there are none.

/** Generalist coverage: one generalist per `coverage.employeesPerGeneralist` employees. */
export const generalistCoverageRule: RuleDefinition = {
  ruleId: "generalist-coverage",
  version: 1,
  title: "Generalists in post against one per 100 employees",
};

/** Raises add_generalist (on `hr_operations`) when the generalist shortfall is sustained. */
export function generalistCoverage(ctx: EvaluationContext): RuleSignal[] {
  const perGeneralist = ctx.policy.coverage.employeesPerGeneralist;
  const generalists = ctx.metrics.hrTeam.generalists;
  const { coverageRaiseGapFte: raise, coverageClearGapFte: clear } = ctx.policy.thresholds;
  const judged = judgeWindow(ctx, {
    hrFunction: "hr_operations",
    ruleId: generalistCoverageRule.ruleId,
    series: ctx.headcount.map((h) => h / perGeneralist - generalists),
    thresholds: { direction: "above", raise, clear },
    metric: "generalist_shortfall",
    unit: "generalists",
  });
  if (judged === null) return [];
  const needed = ctx.currentHeadcount / perGeneralist;
  const shortfall = needed - generalists;
  const clause = windowClause(ctx, judged, (v) => `${formatNumber(v)} short`);
  judged.evidence.details = {
    employeesPerGeneralist: perGeneralist,
    generalistsNeeded: round(needed, 2),
    generalistsInPost: generalists,
  };
  return [
    {
      kind: "direct",
      rule: cite(generalistCoverageRule),
      hrFunction: "hr_operations",
      status: judged.status,
      recommendation: "add_generalist",
      severity: shortfall >= 2 ? "high" : "medium",
      summary:
        `${ctx.currentHeadcount} employees need about ${formatNumber(needed, 1)} generalists at one per ${perGeneralist}, ` +
        `and ${plural(generalists, "generalist")} ${generalists === 1 ? "is" : "are"} in post (${clause}): add a generalist.`,
      evidence: judged.evidence,
      supportingRules: [cite(sizeBandRule)],
      supersededByStaffing: false,
    },
  ];
}
