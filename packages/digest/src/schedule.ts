import { CronExpressionParser } from "cron-parser";

/** The default digest schedule: Mondays at 08:00, read in each organisation's own time zone. */
export const DEFAULT_DIGEST_CRON = "0 8 * * 1";

/** A digest period: the scheduled instant the digest is for, and the schedule's instant before it. */
export interface DigestPeriod {
  /** The latest scheduled instant at or before the time asked about (RFC 3339, UTC). */
  periodAt: string;
  /** The scheduled instant before `periodAt`: the period's start when no earlier digest exists. */
  previousAt: string;
}

/** Whether `expression` is a cron expression the digest schedule understands (5 or 6 fields). */
export function isValidDigestCron(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression, { tz: "UTC", strict: false });
    return expression.trim().split(/\s+/).length >= 5;
  } catch {
    return false;
  }
}

/**
 * The period that `at` falls in under `cron` read in `timeZone`: its scheduled instant is the
 * latest one at or before `at`. Pure: time is an argument. node-cron fires the schedule, but
 * cannot say which instant came last, which a restart (or a missed minute) needs to know.
 *
 * @throws RangeError for a bad expression, zone or instant.
 */
export function digestPeriodAt(cron: string, timeZone: string, at: string): DigestPeriod {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an instant: ${at}`);
  let expression: ReturnType<typeof CronExpressionParser.parse>;
  try {
    // one millisecond on, so an instant exactly on the schedule is its own period
    expression = CronExpressionParser.parse(cron, { currentDate: new Date(instant.getTime() + 1), tz: timeZone });
  } catch (error) {
    throw new RangeError(`digest schedule ${JSON.stringify(cron)} in ${timeZone}: ${(error as Error).message}`);
  }
  const period = expression.prev().toDate();
  const previous = expression.prev().toDate();
  return { periodAt: period.toISOString(), previousAt: previous.toISOString() };
}
