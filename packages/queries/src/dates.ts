// The date checks every reader of the trend tables applies before a query reaches
// Postgres: the API's query schemas and the CLI's options call the same functions, so
// `from=2026-02-30` is one clear 400 or one clear usage error, never a database error.

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written YYYY-MM-DD (2024-02-29 is, 2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(value: string): boolean {
  const match = SHAPE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  // Date.UTC rolls 2026-02-30 over to 2026-03-02; a real date survives the round trip
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

/** Why a date window is refused, naming the bound at fault. */
export interface DateWindowError {
  field: "from" | "to";
  message: string;
}

/**
 * Checks an inclusive window of YYYY-MM-DD days (either end may be open): each bound a
 * calendar date, and `from` not after `to`. Returns the first problem, or null.
 */
export function checkDateWindow(window: {
  from?: string | undefined;
  to?: string | undefined;
}): DateWindowError | null {
  for (const field of ["from", "to"] as const) {
    const value = window[field];
    if (value !== undefined && !isCalendarDate(value))
      return { field, message: `expected a calendar date YYYY-MM-DD, got '${value}'` };
  }
  if (window.from !== undefined && window.to !== undefined && window.from > window.to)
    return { field: "from", message: `from ${window.from} is after to ${window.to}` };
  return null;
}
