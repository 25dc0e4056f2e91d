/** An organisation whose facts changed, and the earliest point affected (null: all of it). */
export interface TrendChange {
  organisationId: string;
  from: string | null;
}

/**
 * Where a re-derivation of one organisation starts (null: from its first fact). A derivation
 * takes one per organisation, already the earliest point of all its changes (a refresh
 * mark is), so the earliest is computed once, when the changes are marked.
 */
export type TrendStart = TrendChange;

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
