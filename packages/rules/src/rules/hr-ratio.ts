import type { EvaluationContext } from "../context.ts";
import { formatNumber } from "../labels.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { bandName, sizeBandRule } from "./size-band.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Industry figure (DOMAIN.md): medians of about 1.0-1.5 HR staff per 100 employees
// for mid-size and large employers, 2-3+ for small ones. Only under-resourcing is
// raised; the ratio (and where it sits against the benchmark) is evidence on every
// finding, so a CFO sees an already rich HR team next to a hiring recommendation.

/** The HR-to-employee ratio check. */
export const hrRatioRule: RuleDefinition = {
  ruleId: "hr-ratio",
  version: 1,
  title: "HR staff per 100 employees against the size band's benchmark",
};

/** Raises add_generalist (on `hr_operations`) when HR staff per 100 employees stays below the band's low benchmark. */
export function hrRatio(ctx: EvaluationContext): RuleSignal[] {
  const { benchmarks, clearMarginPer100, minHeadcount } = ctx.policy.hrRatio;
  const benchmark = benchmarks[ctx.band];
  const judged = judgeWindow(ctx, {
    hrFunction: "hr_operations",
    ruleId: hrRatioRule.ruleId,
    // Below the minimum headcount the ratio is not judged at all (null weeks).
    series: ctx.headcount.map((h) => (h >= minHeadcount && h > 0 ? (ctx.hrStaff / h) * 100 : null)),
    thresholds: { direction: "below", raise: benchmark.lowPer100, clear: benchmark.lowPer100 + clearMarginPer100 },
    metric: "hr_staff_per_100_employees",
    unit: "per_100_employees",
  });
  if (judged === null) return [];
  const per100 = ctx.organisation.hrStaffPer100 ?? 0;
  const clause = windowClause(ctx, judged, (v) => `${formatNumber(v)} per 100`);
  return [
    {
      kind: "direct",
      rule: cite(hrRatioRule),
      hrFunction: "hr_operations",
      status: judged.status,
      recommendation: "add_generalist",
      severity: "low",
      summary:
        `HR has ${formatNumber(per100)} staff per 100 employees (${formatNumber(ctx.hrStaff)} for ${ctx.currentHeadcount}), ` +
        `below the ${formatNumber(benchmark.lowPer100)}-${formatNumber(benchmark.highPer100)} benchmark for ${bandName(ctx.band)} companies ` +
        `(${clause}): add a generalist.`,
      evidence: judged.evidence,
      supportingRules: [cite(sizeBandRule)],
      supersededByStaffing: false,
    },
  ];
}
