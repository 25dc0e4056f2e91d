import { z } from "zod";

/**
 * An organisation id: the Kafka record key, so one organisation's events stay ordered
 * on one partition. Kept to URL- and header-safe characters.
 */
export const organisationIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "use letters, digits and . _ : - only");

/** A calendar date, YYYY-MM-DD, in the organisation's own time zone. */
export const calendarDateSchema = z.iso.date();

/** An instant with an explicit offset (RFC 3339), e.g. 2026-03-02T09:30:00Z. */
export const instantSchema = z.iso.datetime({ offset: true });

/** A non-negative whole count. */
export const countSchema = z.number().int().min(0).max(10_000_000);

/** A helpdesk category as the helpdesk names it (tag, service or queue). */
export const helpdeskCategorySchema = z.string().trim().min(1).max(100);

/** A department name as the HRIS names it. */
export const departmentSchema = z.string().trim().min(1).max(200);

/** An IANA time zone the runtime knows, e.g. Europe/Berlin. */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, "unknown IANA time zone");

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True when a YYYY-MM-DD date falls on a Monday (weeks start on Monday). */
export function isMonday(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}
