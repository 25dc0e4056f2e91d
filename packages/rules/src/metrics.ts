import type { HrFunction, LoadBucket } from "@hr-radar/policy";
import type { Recommendation, Severity } from "./findings.ts";

// The input contract: what the analyzer reads from the trend tables for one
// organisation. Weeks are ISO dates of Mondays (YYYY-MM-DD) in the organisation's
// time zone; series are ascending and dense, and end at the last complete week before
// the evaluation time (see `lastCompleteWeek`; a week in progress is ignored). The
// analyzer loads `policy.windows.lookbackWeeks` weeks.

/** Everything the rules know about one organisation at one evaluation. */
export interface OrganisationMetrics {
  organisationId: string;
  name: string;
  /** Lowercase industry slug, e.g. `manufacturing`, `technology`; matched against `policy.regulation.industries`. */
  industry: string | null;
  /** IANA time zone; the evaluation date (and so "this week") is read in it. */
  timeZone: string;
  /**
   * Weekly headcount points, ascending by `weekStart`, dense, ending at the last complete
   * week at the evaluation time. Length `policy.windows.lookbackWeeks`.
   */
  headcount: HeadcountWeek[];
  /** Weekly load per bucket, ascending, dense for every bucket that has any load in the window (zeros filled in). */
  functionLoad: FunctionLoadWeek[];
  /** HR team make-up at the end of the last complete week. */
  hrTeam: HrTeam;
  /** Latest headcount plan, if the HRIS sent one. */
  plan: HeadcountPlan | null;
}

/** The HR team at the end of the last complete week. */
export interface HrTeam {
  /** Generalists (FTE), who cover every function. */
  generalists: number;
  /** Specialists (FTE) per function they own; a missing function has none. */
  specialists: Partial<Record<HrFunction, number>>;
}

/** A target headcount by a date, from the HRIS. */
export interface HeadcountPlan {
  plannedHeadcount: number;
  /** YYYY-MM-DD. */
  plannedBy: string;
}

/** One week of workforce movement. */
export interface HeadcountWeek {
  /** Monday, YYYY-MM-DD. */
  weekStart: string;
  /** Employees at the end of the week. */
  headcount: number;
  hires: number;
  terminations: number;
  openRequisitions: number | null;
}

/** One week of helpdesk load in one bucket. */
export interface FunctionLoadWeek {
  /** Monday, YYYY-MM-DD. */
  weekStart: string;
  bucket: LoadBucket;
  ticketsOpened: number;
  ticketsResolved: number;
  /** Tickets escalated from tier 1 (generalists) to tier 2 (specialists / experts). */
  ticketsEscalated: number;
  /** Sum of the handling minutes that are known. */
  handlingMinutes: number;
  /** Resolved tickets that had no handling minutes; the policy's default minutes are assumed for them. */
  resolvedWithoutMinutes: number;
  backlogAtWeekEnd: number;
}

/** A week of a bucket with no tickets, carrying the backlog it started with. */
export function emptyLoadWeek(weekStart: string, bucket: LoadBucket, backlogAtWeekEnd = 0): FunctionLoadWeek {
  return {
    weekStart,
    bucket,
    ticketsOpened: 0,
    ticketsResolved: 0,
    ticketsEscalated: 0,
    handlingMinutes: 0,
    resolvedWithoutMinutes: 0,
    backlogAtWeekEnd,
  };
}

/** An alert the analyzer currently has open; the rules hold or clear it (hysteresis). */
export interface OpenAlert {
  hrFunction: HrFunction;
  ruleId: string;
  recommendation: Recommendation;
  severity: Severity;
}
