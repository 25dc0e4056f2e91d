import { addDays, addWeeks, localDate, mondayOf } from "./math/dates.ts";

// Which weeks count. A week is the organisation's local Monday 00:00 to the next
// Monday 00:00 in its IANA time zone; it is complete once that end has passed at the
// evaluation instant. The week in progress is never complete: its figures so far are
// a fraction of a week's, so counting it would read as a drop in load, dilute averages
// and bend every trend at the right edge. Every reader (the rule inputs, the rules,
// the projections and the trend reads) asks this one function.

/**
 * Monday (YYYY-MM-DD, organisation-local) of the latest complete week at `evaluatedAt`:
 * the week before the one containing `evaluatedAt` in `timeZone`. Monday 00:00 local
 * completes the previous week; Sunday 23:59 local still lies in the week in progress.
 *
 * @throws RangeError when `evaluatedAt` is not an ISO instant or `timeZone` is not an IANA zone.
 */
export function lastCompleteWeek(evaluatedAt: string, timeZone: string): string {
  return addWeeks(mondayOf(localDate(evaluatedAt, timeZone)), -1);
}

/** Whether the week starting `weekStart` (a local Monday) is complete at `evaluatedAt`. */
export function isCompleteWeek(weekStart: string, evaluatedAt: string, timeZone: string): boolean {
  return weekStart <= lastCompleteWeek(evaluatedAt, timeZone);
}

/**
 * Whether a period that ends on `lastDay` (inclusive, local) lies wholly in complete
 * weeks at `evaluatedAt`. A week's last day is its Sunday; a month of weekly rows is
 * complete once the week of its last Monday is.
 */
export function isCompletePeriod(lastDay: string, evaluatedAt: string, timeZone: string): boolean {
  return lastDay <= addDays(lastCompleteWeek(evaluatedAt, timeZone), 6);
}
