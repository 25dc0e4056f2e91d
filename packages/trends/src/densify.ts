import type { LoadBucket } from "@hr-radar/policy";
import { emptyLoadWeek, type FunctionLoadWeek, type HeadcountWeek } from "@hr-radar/rules";

/**
 * The rules want every bucket's load dense over the window. The trend table has a row per
 * week from a function's first week to the organisation's last, so weeks after the last
 * stored one (no tickets since) are filled with zero activity and the backlog carried
 * forward, as are weeks before a bucket's first row inside the window.
 */
export function densifyLoad(
  weeks: readonly string[],
  stored: readonly FunctionLoadWeek[],
  backlogBefore: ReadonlyMap<LoadBucket, number>,
): FunctionLoadWeek[] {
  const byBucket = new Map<LoadBucket, Map<string, FunctionLoadWeek>>();
  for (const row of stored) {
    const rows = byBucket.get(row.bucket) ?? new Map<string, FunctionLoadWeek>();
    rows.set(row.weekStart, row);
    byBucket.set(row.bucket, rows);
  }
  for (const [bucket, backlog] of backlogBefore)
    if (backlog > 0 && !byBucket.has(bucket)) byBucket.set(bucket, new Map());

  const dense: FunctionLoadWeek[] = [];
  for (const bucket of [...byBucket.keys()].sort()) {
    let backlog = backlogBefore.get(bucket) ?? 0;
    for (const weekStart of weeks) {
      const row = byBucket.get(bucket)!.get(weekStart);
      if (row) backlog = row.backlogAtWeekEnd;
      dense.push(row ?? emptyLoadWeek(weekStart, bucket, backlog));
    }
  }
  return dense.sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.bucket.localeCompare(b.bucket));
}

/** A week of headcount as read, before gaps are filled: null before the first fact. */
export interface RawHeadcountWeek extends Omit<HeadcountWeek, "headcount"> {
  headcount: number | null;
}

/**
 * Trims the window to the weeks that have data and fills the headcount gap before the
 * first headcount fact. Weeks before an organisation's first event are unknown, not zero:
 * counting them as zero would read as growth (0 -> 150 in a week) or as a load that
 * appeared from nothing, and the forecast would project both. The first known headcount
 * is assumed for load weeks that precede it.
 */
export function trimToData(weeks: readonly RawHeadcountWeek[], firstLoadWeek: string | null): HeadcountWeek[] {
  const firstHeadcount = weeks.find((w) => w.headcount !== null);
  const starts = [firstHeadcount?.weekStart, firstLoadWeek ?? undefined].filter((w): w is string => w !== undefined);
  const start = starts.length === 0 ? weeks.at(-1)?.weekStart : starts.sort()[0];
  return weeks
    .filter((w) => start !== undefined && w.weekStart >= start)
    .map((w) => ({ ...w, headcount: w.headcount ?? firstHeadcount?.headcount ?? 0 }));
}
