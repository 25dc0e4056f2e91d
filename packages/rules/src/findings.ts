import type { BudgetMode, HrFunction, Recommendation, Severity } from "@hr-radar/policy";
import { z } from "zod";

// The output contract: findings are stored as alerts (jsonb evidence) and sent in
// Kafka events, so everything here is plain JSON: no Dates, no undefined, no
// Infinity. Absent values are `null`.

// The recommendation and severity vocabulary is shared with the event contract, so it lives
// in @hr-radar/policy; re-exported so the rules' public surface is unchanged.
export {
  RECOMMENDATIONS,
  type Recommendation,
  recommendationSchema,
  SEVERITIES,
  type Severity,
  severitySchema,
} from "@hr-radar/policy";

/** `raised`: the raise condition holds now. `held`: an open alert kept open by hysteresis. */
export const FINDING_STATUSES = ["raised", "held"] as const;
/** One of {@link FINDING_STATUSES}. */
export const findingStatusSchema = z.enum(FINDING_STATUSES);
/** One of {@link FINDING_STATUSES}. */
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** A size band from the article's framework. */
export type SizeBand = "small" | "mid" | "large";

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A rule and the version of its logic that produced a finding. */
export interface FiredRule {
  ruleId: string;
  version: number;
}

/** One weekly value of the metric a rule judged. */
export interface WeekValue {
  weekStart: string;
  value: number | null;
}

/** Raise and clear thresholds; `direction` says which side is the problem. */
export interface ThresholdEvidence {
  direction: "above" | "below";
  raise: number;
  clear: number;
}

/** How the sustain and hysteresis rules judged the window. */
export interface SustainEvidence {
  weeksBeyondRaise: number;
  raiseMinWeeks: number;
  consecutiveWeeksBeyondClear: number;
  clearConsecutiveWeeks: number;
}

/** Least-squares trend of the metric over the lookback window. */
export interface TrendEvidence {
  slopePerWeek: number;
  rSquared: number;
  weeks: number;
  /** `steady` when the fit is too weak (R squared below `forecast.minRSquared`) or flat. */
  direction: "rising" | "falling" | "steady";
}

/** Where a projected crossing comes from. */
export type ProjectionBasis = "load-trend" | "headcount-plan" | "headcount-trend" | "hiring-plan" | "hiring-trend";

/** When a metric is projected to cross its threshold. */
export interface ProjectionEvidence {
  basis: ProjectionBasis;
  /** Monday of the week the threshold is expected to be crossed, YYYY-MM-DD. */
  expectedDate: string;
  weeksAhead: number;
  currentValue: number;
  projectedValue: number;
  threshold: number;
  horizonWeeks: number;
  plan: { plannedHeadcount: number; plannedBy: string } | null;
}

/** Whether policy default handling times stood in for missing minutes. */
export interface HandlingTimeEvidence {
  defaultsUsed: boolean;
  defaultMinutesPerTicket: number;
  ticketsEstimated: number;
  measuredHours: number;
  estimatedHours: number;
  /** Share of the window's hours that came from defaults. */
  estimatedShare: number;
}

/** What a function costs today against a specialist, per year. */
export interface CostEvidence {
  currency: string;
  loadFte: number;
  generalistAnnualLoadedCost: number;
  generalistTimeAnnualCost: number;
  outsourcingAnnualSpend: number;
  currentAnnualCost: number;
  specialistAnnualCost: number;
  /** currentAnnualCost / specialistAnnualCost; 1 is break-even. */
  ratio: number;
  loadedCostFactor: number;
}

/** The organisation as the rules saw it. */
export interface OrganisationEvidence {
  headcount: number;
  sizeBand: SizeBand;
  /** The headcount the band was read from (median of the sustain window, so a one-week wobble does not change it). */
  sizeBandHeadcount: number;
  industry: string | null;
  generalists: number;
  specialists: Partial<Record<HrFunction, number>>;
  hrStaffPer100: number | null;
  hrRatioBenchmark: { lowPer100: number; highPer100: number };
  budgetMode: BudgetMode;
}

/** Everything needed to explain a finding to a CFO and to replay it. */
export interface Evidence {
  /** What was measured, e.g. `uncovered_load_fte`. */
  metric: string;
  unit: "fte" | "share" | "ratio" | "generalists" | "per_100_employees" | "none";
  window: { start: string; end: string; weeks: number } | null;
  values: WeekValue[];
  average: number | null;
  latest: number | null;
  thresholds: ThresholdEvidence | null;
  sustain: SustainEvidence | null;
  trend: TrendEvidence | null;
  projection: ProjectionEvidence | null;
  handlingTime: HandlingTimeEvidence | null;
  cost: CostEvidence | null;
  organisation: OrganisationEvidence;
  /** Rule-specific facts (industry map entry, hires, escalation counts, ...). */
  details: { [key: string]: JsonValue };
}

/**
 * One active staffing condition for one organisation and function, judged by one rule
 * (organisation x `hrFunction` x `ruleId` is stable across runs). The alert a person sees
 * groups a function's findings (`recommendByFunction`); a finding that is not returned
 * any more has cleared, and leaves its alert's reasons.
 */
export interface Finding {
  organisationId: string;
  /** The function concerned; organisation-wide checks use `hr_operations`. */
  hrFunction: HrFunction;
  ruleId: string;
  ruleVersion: number;
  /** The primary rule first, then the rules that supported or shaped the recommendation. */
  firedRules: FiredRule[];
  recommendation: Recommendation;
  severity: Severity;
  status: FindingStatus;
  /** One sentence with the numbers. */
  summary: string;
  evidence: Evidence;
}
