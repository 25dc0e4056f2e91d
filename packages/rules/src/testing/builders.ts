import { defaultPolicy, type HrFunction, type LoadBucket, type Policy } from "@hr-radar/policy";
import { evaluateOrganisation } from "../evaluate.ts";
import type { Finding } from "../findings.ts";
import { fteHoursPerWeek } from "../load.ts";
import { addDays, addWeeks } from "../math/dates.ts";
import type { FunctionLoadWeek, HeadcountPlan, HeadcountWeek, OpenAlert, OrganisationMetrics } from "../metrics.ts";

// Small builders for test organisations: say what matters (headcount, load in FTE,
// escalations) and let the builder produce dense weekly rows. Not exported from the
// package.

/** Monday of the last complete week every test evaluates by default. */
export const CURRENT_WEEK = "2025-03-03";
/** The Wednesday after {@link CURRENT_WEEK}: that week is complete, the next one in progress. */
export const EVALUATED_AT = "2025-03-12T10:00:00Z";

/** A weekly value: a constant, or a function of the week index (0 = first week). */
export type Weekly = number | ((week: number) => number);

/** Linear from `from` (first week) to `to` (last of `weeks`). */
export const ramp =
  (from: number, to: number, weeks = defaultPolicy.windows.lookbackWeeks) =>
  (week: number): number =>
    from + ((to - from) * week) / Math.max(weeks - 1, 1);

/** Repeats `values` in order: `cycle(0.85, 0.7)` alternates. */
export const cycle =
  (...values: number[]) =>
  (week: number): number =>
    values[week % values.length] ?? 0;

function at(value: Weekly, week: number): number {
  return typeof value === "number" ? value : value(week);
}

/** What a test organisation looks like. */
export interface OrganisationSpec {
  name?: string;
  industry?: string | null;
  weeks?: number;
  /** Monday of the last week. */
  lastWeek?: string;
  headcount: Weekly;
  terminations?: Weekly;
  /** Default: headcount growth plus terminations. */
  hires?: Weekly;
  generalists?: number;
  specialists?: Partial<Record<HrFunction, number>>;
  /** Load per bucket in FTE at the default policy's capacity, turned into handling minutes. */
  loadFte?: Partial<Record<LoadBucket, Weekly>>;
  /** Tickets opened (and resolved) per week per bucket; default 20. */
  tickets?: Partial<Record<LoadBucket, number>>;
  /** Share of opened tickets escalated per bucket; default 0. */
  escalationShare?: Partial<Record<LoadBucket, number>>;
  /** Extra resolved tickets per week that arrive without handling minutes. */
  withoutMinutes?: Partial<Record<LoadBucket, number>>;
  plan?: HeadcountPlan | null;
}

function headcountRows(spec: OrganisationSpec, weekStarts: readonly string[]): HeadcountWeek[] {
  const heads = weekStarts.map((_, i) => Math.round(at(spec.headcount, i)));
  return weekStarts.map((weekStart, i) => {
    const terminations = at(spec.terminations ?? 0, i);
    const growth = i === 0 ? 0 : Math.max((heads[i] ?? 0) - (heads[i - 1] ?? 0), 0);
    return {
      weekStart,
      headcount: heads[i] ?? 0,
      hires: spec.hires === undefined ? growth + terminations : at(spec.hires, i),
      terminations,
      openRequisitions: null,
    };
  });
}

function loadRows(spec: OrganisationSpec, weekStarts: readonly string[]): FunctionLoadWeek[] {
  const buckets = new Set<LoadBucket>([
    ...(Object.keys(spec.loadFte ?? {}) as LoadBucket[]),
    ...(Object.keys(spec.withoutMinutes ?? {}) as LoadBucket[]),
  ]);
  const minutesPerFte = fteHoursPerWeek(defaultPolicy) * 60;
  return weekStarts.flatMap((weekStart, i) =>
    [...buckets].map((bucket) => {
      const opened = spec.tickets?.[bucket] ?? 20;
      const withoutMinutes = spec.withoutMinutes?.[bucket] ?? 0;
      return {
        weekStart,
        bucket,
        ticketsOpened: opened + withoutMinutes,
        ticketsResolved: opened + withoutMinutes,
        ticketsEscalated: Math.round(opened * (spec.escalationShare?.[bucket] ?? 0)),
        handlingMinutes: at(spec.loadFte?.[bucket] ?? 0, i) * minutesPerFte,
        resolvedWithoutMinutes: withoutMinutes,
        backlogAtWeekEnd: 0,
      };
    }),
  );
}

/** Builds dense weekly metrics ending at `spec.lastWeek` (default {@link CURRENT_WEEK}). */
export function organisation(spec: OrganisationSpec): OrganisationMetrics {
  const weeks = spec.weeks ?? defaultPolicy.windows.lookbackWeeks;
  const lastWeek = spec.lastWeek ?? CURRENT_WEEK;
  const weekStarts = Array.from({ length: weeks }, (_, i) => addWeeks(lastWeek, i - weeks + 1));
  const headcount = headcountRows(spec, weekStarts);
  const name = spec.name ?? "Test organisation";
  return {
    organisationId: `org-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    name,
    industry: spec.industry ?? null,
    timeZone: "Europe/London",
    headcount,
    functionLoad: loadRows(spec, weekStarts),
    hrTeam: {
      generalists: spec.generalists ?? Math.max(1, Math.round((headcount.at(-1)?.headcount ?? 0) / 100)),
      specialists: spec.specialists ?? {},
    },
    plan: spec.plan ?? null,
  };
}

/**
 * The metrics as the analyzer would load them at week `lastIndex` of a long history:
 * the `lookback` weeks ending there. With the Wednesday after that week to evaluate at
 * (the week at `lastIndex` is then the last complete one).
 */
export function asOfWeek(
  history: OrganisationMetrics,
  lastIndex: number,
  lookback = defaultPolicy.windows.lookbackWeeks,
): { metrics: OrganisationMetrics; evaluatedAt: string } {
  const weekStarts = history.headcount
    .slice(Math.max(0, lastIndex - lookback + 1), lastIndex + 1)
    .map((w) => w.weekStart);
  const inWindow = new Set(weekStarts);
  const lastWeek = weekStarts.at(-1) ?? CURRENT_WEEK;
  return {
    metrics: {
      ...history,
      headcount: history.headcount.filter((w) => inWindow.has(w.weekStart)),
      functionLoad: history.functionLoad.filter((w) => inWindow.has(w.weekStart)),
    },
    evaluatedAt: `${addDays(lastWeek, 9)}T10:00:00Z`,
  };
}

/** Evaluates with the default policy, no open alerts and {@link EVALUATED_AT} unless told otherwise. */
export function evaluate(
  metrics: OrganisationMetrics,
  options: { policy?: Policy; openAlerts?: readonly OpenAlert[]; evaluatedAt?: string } = {},
): Finding[] {
  return evaluateOrganisation({
    metrics,
    policy: options.policy ?? defaultPolicy,
    openAlerts: options.openAlerts ?? [],
    evaluatedAt: options.evaluatedAt ?? EVALUATED_AT,
  });
}

/** The open alerts the analyzer would hold after storing these findings. */
export function openAlertsFrom(findings: readonly Finding[]): OpenAlert[] {
  return findings.map((f) => ({
    hrFunction: f.hrFunction,
    ruleId: f.ruleId,
    recommendation: f.recommendation,
    severity: f.severity,
  }));
}
