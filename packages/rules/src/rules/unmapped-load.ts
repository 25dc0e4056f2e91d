import { UNMAPPED } from "@hr-radar/policy";
import type { EvaluationContext } from "../context.ts";
import { formatPercent, plural } from "../labels.ts";
import { round, sum } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Load from helpdesk categories not mapped to a function is counted, never dropped,
// and never recommended for: it belongs to no function. But it hides demand from
// every other rule, so when it is a large share the organisation is told to map it.

/** Unmapped share of helpdesk load. */
export const unmappedLoadRule: RuleDefinition = {
  ruleId: "unmapped-load",
  version: 1,
  title: "Share of helpdesk load in categories not mapped to a function",
};

function totals(ctx: EvaluationContext): { hours: number[]; opened: number[] } {
  const hours = ctx.weeks.map(() => 0);
  const opened = ctx.weeks.map(() => 0);
  for (const series of ctx.load.values()) {
    series.hours.forEach((h, i) => {
      hours[i] = (hours[i] ?? 0) + h;
    });
    series.opened.forEach((n, i) => {
      opened[i] = (opened[i] ?? 0) + n;
    });
  }
  return { hours, opened };
}

/** Notes (info, no_change, on `hr_operations`) a sustained large unmapped share. */
export function unmappedLoad(ctx: EvaluationContext): RuleSignal[] {
  const unmapped = ctx.load.get(UNMAPPED);
  if (unmapped === undefined) return [];
  const { unmappedRaiseShare: raise, unmappedClearShare: clear, unmappedMinTickets } = ctx.policy.thresholds;
  const all = totals(ctx);
  const judged = judgeWindow(ctx, {
    hrFunction: "hr_operations",
    ruleId: unmappedLoadRule.ruleId,
    series: unmapped.hours.map((h, i) => {
      const total = all.hours[i] ?? 0;
      return total === 0 || (all.opened[i] ?? 0) < unmappedMinTickets ? null : h / total;
    }),
    thresholds: { direction: "above", raise, clear },
    metric: "unmapped_load_share",
    unit: "share",
  });
  if (judged === null) return [];
  const weeks = ctx.weeks.length - ctx.sustainFrom;
  const unmappedHours = sum(unmapped.hours.slice(ctx.sustainFrom));
  const totalHours = sum(all.hours.slice(ctx.sustainFrom));
  const share = totalHours === 0 ? 0 : unmappedHours / totalHours;
  judged.evidence.details = { unmappedHours: round(unmappedHours, 2), totalHours: round(totalHours, 2) };
  return [
    {
      kind: "direct",
      rule: cite(unmappedLoadRule),
      hrFunction: "hr_operations",
      status: judged.status,
      recommendation: "no_change",
      severity: "info",
      summary:
        `${formatPercent(share)} of helpdesk load over the last ${plural(weeks, "week")} came from categories not mapped to an HR function ` +
        `(${windowClause(ctx, judged, formatPercent)}): map them, because unmapped load hides demand from every other rule.`,
      evidence: judged.evidence,
      supportingRules: [],
      supersededByStaffing: false,
    },
  ];
}
