/**
 * An instant as RFC 3339 in UTC (`2026-10-06T08:58:27.422Z`), from the text Postgres
 * returns for a timestamptz (`2026-10-06 08:58:27.422+00`) or any ISO form; null stays
 * null. Readers of the API and its CSV get one spelling, the one the OpenAPI document's
 * `date-time` promises.
 */
export function toRfc3339(instant: string): string;
export function toRfc3339(instant: string | null): string | null;
export function toRfc3339(instant: string | null): string | null {
  if (instant === null) return null;
  // "+00" (hours only) and the space separator are Postgres's; RFC 3339 wants "T" and "+00:00"
  const iso = instant.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00");
  const parsed = new Date(iso);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`not an instant: '${instant}'`);
  return parsed.toISOString();
}
