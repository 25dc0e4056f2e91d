import { z } from "zod";

/** How IANA zone names are spelt (Area/Location, Etc/GMT+5, UTC); an offset starts with a sign or digit. */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

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

/**
 * An IANA time zone name, e.g. Europe/Berlin, stored as the runtime's canonical name for it
 * (`US/Pacific-New` -> `America/Los_Angeles`, `utc` -> `UTC`). Postgres derives the trends
 * in this zone, so only names are accepted: an offset such as `+14:00` is UTC+14 to Intl
 * but UTC-14 to Postgres (POSIX sign), and a legacy alias Intl still knows may be gone from
 * Postgres' zone data (it made a re-derivation fail: issue 12). Canonical names are in both.
 */
export const timeZoneSchema = z
  .string()
  .regex(IANA_NAME, "an IANA time zone name such as Europe/Berlin, not an offset")
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical === null) ctx.addIssue({ code: "custom", message: "unknown IANA time zone", input: zone });
    return canonical ?? zone;
  });

/**
 * The runtime's canonical name of an IANA zone (Intl resolves aliases to it), or null when
 * the runtime does not know the zone or resolves it to something that is not a name.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!IANA_NAME.test(zone)) return null;
  // A formatter per call cost ~1% of an HRIS event on the ingest's thread; the answers are
  // kept (the runtime's zone data does not change while it runs), a bounded number of them.
  const known = canonicalZones.get(zone);
  if (known !== undefined) return known;
  let canonical: string | null;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    canonical = IANA_NAME.test(resolved) ? resolved : null;
  } catch {
    canonical = null;
  }
  // a few hundred zones exist; more names than this are mostly junk
  if (canonicalZones.size >= 2_048) canonicalZones.clear();
  canonicalZones.set(zone, canonical);
  return canonical;
}

const canonicalZones = new Map<string, string | null>();

/** True when a YYYY-MM-DD date falls on a Monday (weeks start on Monday). */
export function isMonday(date: string): boolean {
  return new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}
