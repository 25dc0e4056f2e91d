// Calendar arithmetic on organisation-local dates (`YYYY-MM-DD`) and RFC 3339 instants
// with the organisation's own offset, the way an HRIS or helpdesk in that zone writes
// them. Dates are handled as UTC midnights internally, so no host time zone leaks in.

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Monday ... 6 = Sunday (weeks start on Monday, as in the event contract). */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -weekdayOf(date));
}

/** Month 1-12 and day of month of a date. */
export function monthDay(date: string): { month: number; day: number } {
  return { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

// Building an Intl formatter costs far more than using one; the feed formats ~10^4
// instants in a handful of zones.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: "date" | "offset", timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format =
      kind === "date"
        ? new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        : new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formatters.set(key, format);
  }
  return format;
}

/** The organisation-local calendar date of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatter("date", timeZone).format(instant);
}

/** The zone's UTC offset at an instant, e.g. "+02:00" (Z is written as +00:00). */
function offsetAt(epochMs: number, timeZone: string): string {
  const name = formatter("offset", timeZone)
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === "timeZoneName")?.value;
  const offset = name?.replace("GMT", "") ?? "";
  return offset === "" ? "+00:00" : offset;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(":").map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

/** A local wall-clock time as an instant with the zone's offset, e.g. 2026-10-05T09:12:00+02:00. */
export function localInstant(date: string, minuteOfDay: number, timeZone: string): string {
  const wall = Date.parse(`${date}T00:00:00Z`) + Math.round(minuteOfDay) * 60_000;
  // Two passes settle the offset except inside a DST jump, which business hours avoid.
  let offset = offsetAt(wall, timeZone);
  offset = offsetAt(wall - offsetMinutes(offset) * 60_000, timeZone);
  const text = new Date(wall).toISOString().slice(0, 19);
  return `${text}${offset}`;
}

/** Milliseconds since the epoch of an RFC 3339 instant. */
export function epochOf(instant: string): number {
  return Date.parse(instant);
}

/** An instant `minutes` later, in the same zone. */
export function laterInstant(instant: string, minutes: number, timeZone: string): string {
  const epoch = epochOf(instant) + Math.round(minutes) * 60_000;
  const date = localDate(new Date(epoch), timeZone);
  const midnight = epochOf(localInstant(date, 0, timeZone));
  return localInstant(date, (epoch - midnight) / 60_000, timeZone);
}
