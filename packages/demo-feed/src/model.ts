import type { HrFunction, PolicyOverrides } from "@hr-radar/policy";

// How a demo company is described: a handful of HR-operations facts (size, hiring pace,
// attrition, the HR team, what the helpdesk sees per employee) from which the workforce
// and helpdesk simulations produce months of events. Rates are per week; "weeks ago"
// counts back from the week that contains the feed's as-of date (0 = that week).

/** When in the year a helpdesk category gets busier or quieter (see seasonality.ts). */
export type SeasonalPattern =
  | "steady"
  | "benefits-enrolment"
  | "payroll-year-end"
  | "training-year"
  | "compliance-deadline"
  | "hiring";

/** One helpdesk category (tag, queue) and the demand behind it. */
export interface HelpdeskCategory {
  /** As the helpdesk names it. */
  category: string;
  /** The HR function the profile maps it to; null = left out of the mapping (counted as unmapped). */
  hrFunction: HrFunction | null;
  /** Tickets per employee per week at baseline. */
  perEmployeeWeekly: number;
  /** Extra tickets per hire started that week (onboarding paperwork, hiring-manager requests). */
  perHire?: number;
  /** Mean hands-on minutes per ticket. */
  minutes: number;
  /** Share of tickets escalated from tier 1 (generalists) to tier 2. */
  escalation: number;
  season: SeasonalPattern;
}

/**
 * How the helpdesk reaches Kafka: per-ticket events (opened / escalated / resolved), or
 * only count exports, nightly per day or weekly per week.
 */
export type TicketExport = "events" | "weekly-volume" | "daily-volume";

/** A member of the HR team, and when they joined or left (undefined: in post throughout). */
export interface HrTeamMember {
  hrRole: "generalist" | "specialist";
  hrFunction?: HrFunction;
  joinedWeeksAgo?: number;
  leftWeeksAgo?: number;
}

/** The workforce: where it starts and how it moves. */
export interface WorkforcePlan {
  /** Employees (HR team included) at the start of the history. */
  startHeadcount: number;
  /** Mean hires a week, as a function of weeks ago (hiring ramps, freezes). */
  hiresPerWeek: (weeksAgo: number) => number;
  /** Share of employees who leave in a year (voluntary + involuntary). */
  attritionPerYear: number;
  /** Transfers between departments per week. */
  internalMovesPerWeek: number;
  /** Open requisitions reported with each snapshot. */
  openRequisitions: (weeksAgo: number, headcount: number) => number;
  /** A headcount plan announced `announcedWeeksAgo`: reach `factor` x headcount within `months`. */
  plan?: { announcedWeeksAgo: number; factor: number; months: number };
}

/** An alert the analyzer should raise for the organisation as of the feed's date. */
export interface ExpectedAlert {
  hrFunction: HrFunction;
  recommendation: "hire_specialist" | "add_generalist" | "outsource" | "plan_specialist" | "no_change";
}

/** One demo organisation: the article's case, its systems, its people and its helpdesk. */
export interface DemoCompany {
  id: string;
  name: string;
  /** One line: the article's case this organisation plays. */
  story: string;
  industry: string;
  timeZone: string;
  /** Source systems, for CloudEvents `source` (e.g. "personio", "zendesk"). */
  hris: string;
  helpdesk: string;
  /** Prefix of employee ids, as the HRIS numbers people. */
  employeeIdPrefix: string;
  /** Departments other than HR, with their weight in hiring. */
  departments: readonly (readonly [string, number])[];
  workforce: WorkforcePlan;
  hrTeam: readonly HrTeamMember[];
  tickets: { export: TicketExport; tracksMinutes: boolean; categories: readonly HelpdeskCategory[] };
  policyOverrides?: PolicyOverrides;
  expected: readonly ExpectedAlert[];
}

/** The department HR team members sit in. */
export const HR_DEPARTMENT = "People";
