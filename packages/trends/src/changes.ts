/** An organisation whose facts changed, and the earliest point affected (null: all of it). */
export interface TrendChange {
  organisationId: string;
  from: string | null;
}

/**
 * One entry per organisation with the earliest point any change touches; null (rebuild
 * everything) wins over any point. `toTime` turns a point into something comparable, so
 * both dates and instants with offsets compare correctly.
 */
export function earliestPerOrganisation(
  changes: readonly TrendChange[],
  toTime: (point: string) => number,
): { organisationId: string; from: string | null }[] {
  const earliest = new Map<string, string | null>();
  for (const { organisationId, from } of changes) {
    const seen = earliest.get(organisationId);
    const everything = from === null || seen === null;
    earliest.set(organisationId, everything ? null : seen === undefined || toTime(from) < toTime(seen) ? from : seen);
  }
  return [...earliest].map(([organisationId, from]) => ({ organisationId, from }));
}
