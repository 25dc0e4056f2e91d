import type { EvaluationContext } from "../context.ts";
import { formatFte, formatNumber, plural } from "../labels.ts";
import { fteHoursPerWeek } from "../load.ts";
import { round, sum, trailingMean } from "../math/stats.ts";
import { cite, type RuleDefinition, type RuleSignal } from "./rule.ts";
import { judgeWindow, windowClause } from "./window.ts";

// Article: "A rapidly growing tech startup might need a recruitment specialist even
// with just 30 employees because hiring is its top priority." Hiring is recruiting
// work before it is a single ticket: hires x hours per hire, smoothed over a month
// because hires arrive in lumps. Replacement hiring counts too.

/** Recruiting load implied by hiring velocity. */
export const hiringVelocityRule: RuleDefinition = {
  ruleId: "hiring-velocity",
  version: 1,
  title: "Recruiting FTE implied by hires x hours per hire, sustained above the threshold",
};

/** Weekly recruiting FTE implied by hires (trailing mean over `windows.smoothingWeeks`). */
export function impliedRecruitingFte(ctx: EvaluationContext): number[] {
  const perFte = fteHoursPerWeek(ctx.policy);
  return trailingMean(ctx.hires, ctx.policy.windows.smoothingWeeks).map(
    (hires) => (hires * ctx.policy.hiring.hoursPerHire) / perFte,
  );
}

/** Raises a recruiting staffing need (justified by growth) when hiring alone keeps a recruiter busy. */
export function hiringVelocity(ctx: EvaluationContext): RuleSignal[] {
  if (sum(ctx.hires) === 0) return [];
  const specialists = ctx.specialistsIn("recruiting");
  const { specialistRaiseFte: raise, specialistClearFte: clear, specialistHighSeverityFte } = ctx.policy.thresholds;
  const judged = judgeWindow(ctx, {
    hrFunction: "recruiting",
    ruleId: hiringVelocityRule.ruleId,
    series: impliedRecruitingFte(ctx).map((fte) => fte - specialists),
    thresholds: { direction: "above", raise, clear },
    metric: "hiring_implied_recruiting_fte",
    unit: "fte",
  });
  if (judged === null) return [];
  const weeks = ctx.weeks.length - ctx.sustainFrom;
  const hires = sum(ctx.hires.slice(ctx.sustainFrom));
  const startHeadcount = ctx.headcount[Math.max(ctx.sustainFrom - 1, 0)] ?? 0;
  const implied = (judged.average ?? 0) + specialists;
  judged.evidence.details = {
    hiresInWindow: hires,
    hiresPerWeek: round(hires / weeks, 2),
    hoursPerHire: ctx.policy.hiring.hoursPerHire,
    headcountAtWindowStart: startHeadcount,
    headcountNow: ctx.currentHeadcount,
    openRequisitions: ctx.metrics.headcount.at(-1)?.openRequisitions ?? null,
    recruitingSpecialistsInPost: specialists,
  };
  const beyond =
    specialists > 0
      ? `, ${formatFte(judged.average ?? 0)} beyond the ${formatNumber(specialists)} recruiters in post`
      : "";
  return [
    {
      kind: "staffing",
      rule: cite(hiringVelocityRule),
      hrFunction: "recruiting",
      status: judged.status,
      justification: "growth",
      severity: (judged.average ?? 0) >= specialistHighSeverityFte ? "high" : "medium",
      reason:
        `Hiring ran at ${plural(round(hires / weeks, 1), "hire")} a week over the last ${plural(weeks, "week")} ` +
        `(${plural(hires, "hire")}; headcount ${startHeadcount} to ${ctx.currentHeadcount}), about ${formatFte(implied)} ` +
        `of recruiting work at ${formatNumber(ctx.policy.hiring.hoursPerHire)} hours per hire${beyond} (${windowClause(ctx, judged, formatFte)})`,
      evidence: judged.evidence,
    },
  ];
}
