import type { HrFunction } from "@hr-radar/policy";
import type { EvaluationContext } from "./context.ts";
import type { ProjectionBasis } from "./findings.ts";
import { formatNumber } from "./labels.ts";
import { fteHoursPerWeek } from "./load.ts";
import { daysBetween } from "./math/dates.ts";
import { fitLine, type LinearFit, valueAt } from "./math/least-squares.ts";
import { mean } from "./math/stats.ts";
import type { HeadcountPlan } from "./metrics.ts";
import { impliedRecruitingFte } from "./rules/hiring-velocity.ts";

// Ways a function's demand can be projected forward, each a function from weeks
// ahead to projected demand beyond the specialists in post. The forecast rule takes
// the earliest crossing among them, and says which it was.
//
// Headcount comes from the organisation's plan when it has a live one (a straight
// line from today's headcount to the planned headcount by the planned date, flat
// after), else from the least-squares trend of its headcount. Ticket load is assumed
// to scale with headcount (load per employee stays what it is), and recruiting load
// follows the hires the headcount path implies plus replacement of leavers.

/** Where headcount is heading. */
export interface HeadcountProjection {
  basis: "headcount-plan" | "headcount-trend";
  /** Projected headcount `k` weeks after the current week. */
  at: (weeksAhead: number) => number;
  plan: HeadcountPlan | null;
  /** Net growth per week while the projection is rising. */
  weeklyGrowth: number;
  /** Weeks until the planned date (plan basis only). */
  weeksToPlan: number | null;
}

/** One candidate projection of one function's uncovered demand. */
export interface DemandProjection {
  basis: ProjectionBasis;
  /** "Benefits load", "Recruiting work implied by hiring". */
  subject: string;
  /** Demand now (sustain-window mean, beyond specialists in post). */
  current: number;
  project: (weeksAhead: number) => number;
  /** How the projection was made, for the summary: "with headcount planned to reach 100 by 2026-03-02". */
  describe: string;
  /** The weekly series the projection starts from, for evidence. */
  series: readonly number[];
}

/** A least-squares fit good enough to project: enough points, rising, explains the variance. */
export function risingTrend(ctx: EvaluationContext, series: readonly number[]): LinearFit | null {
  const fit = fitLine(series);
  const { minTrendWeeks, minRSquared } = ctx.policy.forecast;
  if (fit === null || fit.points < minTrendWeeks || fit.slope <= 0 || fit.rSquared < minRSquared) return null;
  return fit;
}

/** The plan when it is live, else the headcount trend when it is rising; null for a steady organisation. */
export function projectHeadcount(ctx: EvaluationContext): HeadcountProjection | null {
  const now = ctx.currentHeadcount;
  const plan = ctx.metrics.plan;
  if (plan !== null && plan.plannedHeadcount > 0 && plan.plannedBy > ctx.lastWeekStart) {
    const weeksToPlan = daysBetween(ctx.lastWeekStart, plan.plannedBy) / 7;
    const weeklyGrowth = (plan.plannedHeadcount - now) / weeksToPlan;
    return {
      basis: "headcount-plan",
      at: (k) => now + weeklyGrowth * Math.min(k, weeksToPlan),
      plan: { ...plan },
      weeklyGrowth,
      weeksToPlan,
    };
  }
  const fit = risingTrend(ctx, ctx.headcount);
  if (fit === null) return null;
  return {
    basis: "headcount-trend",
    at: (k) => now + fit.slope * k,
    plan: null,
    weeklyGrowth: fit.slope,
    weeksToPlan: null,
  };
}

function describeHeadcount(h: HeadcountProjection): string {
  return h.plan !== null
    ? `with headcount planned to reach ${h.plan.plannedHeadcount} by ${h.plan.plannedBy}`
    : `with headcount growing about ${formatNumber(h.weeklyGrowth, 1)} a week`;
}

/** Ticket-load projections of a function: its own trend, and load per employee x projected headcount. */
export function loadProjections(ctx: EvaluationContext, hrFunction: HrFunction, subject: string): DemandProjection[] {
  const load = ctx.load.get(hrFunction);
  if (load === undefined) return [];
  const specialists = ctx.specialistsIn(hrFunction);
  const recentLoad = mean(load.fte.slice(ctx.sustainFrom)) ?? 0;
  const current = recentLoad - specialists;
  const projections: DemandProjection[] = [];
  const last = load.fte.length - 1;
  const trend = risingTrend(ctx, load.fte);
  if (trend !== null) {
    projections.push({
      basis: "load-trend",
      subject,
      current,
      project: (k) => valueAt(trend, last + k) - specialists,
      describe: `on its trend of +${formatNumber(trend.slope, 3)} FTE a week`,
      series: load.fte,
    });
  }
  const headcount = projectHeadcount(ctx);
  const recentHeadcount = mean(ctx.headcount.slice(ctx.sustainFrom)) ?? 0;
  if (headcount !== null && recentHeadcount > 0 && recentLoad > 0) {
    const perEmployee = recentLoad / recentHeadcount;
    projections.push({
      basis: headcount.basis,
      subject,
      current,
      project: (k) => perEmployee * headcount.at(k) - specialists,
      describe: describeHeadcount(headcount),
      series: load.fte,
    });
  }
  return projections;
}

/** Recruiting projections from hiring: the hires a plan needs, or the hiring trend. */
export function hiringProjections(ctx: EvaluationContext): DemandProjection[] {
  const specialists = ctx.specialistsIn("recruiting");
  const implied = impliedRecruitingFte(ctx);
  const current = (mean(implied.slice(ctx.sustainFrom)) ?? 0) - specialists;
  const subject = "Recruiting work implied by hiring";
  const projections: DemandProjection[] = [];
  const headcount = projectHeadcount(ctx);
  if (headcount?.basis === "headcount-plan" && headcount.weeksToPlan !== null) {
    const growth = Math.max(headcount.weeklyGrowth, 0);
    const weeksToPlan = headcount.weeksToPlan;
    const attrition = mean(ctx.terminations.slice(ctx.sustainFrom)) ?? 0;
    const fteOf = (hires: number): number => (hires * ctx.policy.hiring.hoursPerHire) / fteHoursPerWeek(ctx.policy);
    const target = `the planned ${headcount.plan?.plannedHeadcount} by ${headcount.plan?.plannedBy}`;
    projections.push({
      basis: "hiring-plan",
      subject,
      current,
      project: (k) => fteOf((k <= weeksToPlan ? growth : 0) + attrition) - specialists,
      describe: `hiring about ${formatNumber(growth + attrition, 1)} people a week to reach ${target}`,
      series: implied,
    });
  }
  const trend = risingTrend(ctx, implied);
  if (trend !== null) {
    const last = implied.length - 1;
    projections.push({
      basis: "hiring-trend",
      subject,
      current,
      project: (k) => valueAt(trend, last + k) - specialists,
      describe: `on the hiring trend of +${formatNumber(trend.slope, 3)} FTE a week`,
      series: implied,
    });
  }
  return projections;
}
