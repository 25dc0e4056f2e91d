import { monthDay, weekdayOf } from "./calendar.ts";
import type { SeasonalPattern } from "./model.ts";

// The rhythm of an HR helpdesk, as HR operations know it:
//  - the week: Monday is the busiest day (the weekend's questions arrive), Friday the
//    quietest working day, weekends almost empty;
//  - the year: benefits questions peak in the open-enrolment window (late October to
//    November) and again when the new plan year starts in January; payroll peaks at
//    year end and in January (tax forms, new tax codes) and at every month end;
//    learning in September, compliance before the December attestation deadline,
//    hiring slows in August and late December; everything is quiet over the holidays.

const WEEKDAY_WEIGHT = [1.3, 1.15, 1.05, 1.0, 0.8, 0.05, 0.02] as const;
const WEEKDAY_TOTAL = WEEKDAY_WEIGHT.reduce((a, b) => a + b, 0);

/** Share of a week's tickets that arrive on `date`'s weekday (sums to 1 over a week). */
export function weekdayShare(date: string): number {
  return (WEEKDAY_WEIGHT[weekdayOf(date)] ?? 0) / WEEKDAY_TOTAL;
}

/** Month-end bump for payroll questions (the payslip arrives, the overtime is missing). */
export function monthEndFactor(pattern: SeasonalPattern, date: string): number {
  return pattern === "payroll-year-end" && monthDay(date).day >= 26 ? 1.5 : 1;
}

/** The holiday lull every category shares: Christmas to New Year, and August. */
function holidayFactor(month: number, day: number): number {
  if ((month === 12 && day >= 22) || (month === 1 && day <= 1)) return 0.45;
  if (month === 8) return 0.85;
  return 1;
}

function patternFactor(pattern: SeasonalPattern, month: number, day: number): number {
  switch (pattern) {
    case "steady":
      return 1;
    case "benefits-enrolment":
      if ((month === 10 && day >= 20) || month === 11) return 1.7;
      return month === 1 ? 1.3 : 1;
    case "payroll-year-end":
      return month === 1 ? 1.5 : month === 12 ? 1.15 : 1;
    case "training-year":
      return month === 9 ? 1.3 : month === 12 ? 0.8 : 1;
    case "compliance-deadline":
      return month === 12 && day <= 20 ? 1.4 : 1;
    case "hiring":
      return month === 1 ? 1.2 : month === 12 ? 0.7 : 1;
  }
}

/** Demand multiplier of a category on a date, relative to its baseline. */
export function seasonalFactor(pattern: SeasonalPattern, date: string): number {
  const { month, day } = monthDay(date);
  return patternFactor(pattern, month, day) * holidayFactor(month, day);
}
