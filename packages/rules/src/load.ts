import type { LoadBucket, Policy } from "@hr-radar/policy";
import type { HandlingTimeEvidence } from "./findings.ts";
import { round, sum } from "./math/stats.ts";
import type { FunctionLoadWeek } from "./metrics.ts";

// Demand in FTE, the contact-centre staffing formula (DOMAIN.md, rule 2):
//   FTE = handling hours / (productive hours per FTE x target occupancy)
// Handling hours are the known minutes plus, for resolved tickets that arrived
// without minutes, the policy's default minutes per ticket for the bucket. The
// estimated part is tracked separately so every finding can say how much of its
// load is a default rather than a measurement.

/** One bucket's weekly series, aligned to the evaluation's week axis. */
export interface BucketSeries {
  bucket: LoadBucket;
  /** Measured plus estimated handling hours. */
  hours: number[];
  measuredHours: number[];
  estimatedHours: number[];
  /** Resolved tickets whose minutes were estimated from the default. */
  ticketsEstimated: number[];
  fte: number[];
  opened: number[];
  resolved: number[];
  escalated: number[];
}

/** Handling hours one FTE can absorb per week: productive hours x target occupancy. */
export function fteHoursPerWeek(policy: Policy): number {
  return policy.capacity.productiveHoursPerFteWeek * policy.capacity.targetOccupancy;
}

/** Known and estimated handling hours of one week's row. */
export function handlingHours(row: FunctionLoadWeek, policy: Policy): { measured: number; estimated: number } {
  const defaultMinutes = policy.capacity.defaultHandlingMinutes[row.bucket];
  return {
    measured: row.handlingMinutes / 60,
    estimated: (row.resolvedWithoutMinutes * defaultMinutes) / 60,
  };
}

function emptySeries(bucket: LoadBucket, length: number): BucketSeries {
  const zeros = (): number[] => Array.from({ length }, () => 0);
  return {
    bucket,
    hours: zeros(),
    measuredHours: zeros(),
    estimatedHours: zeros(),
    ticketsEstimated: zeros(),
    fte: zeros(),
    opened: zeros(),
    resolved: zeros(),
    escalated: zeros(),
  };
}

/**
 * Groups load rows by bucket onto the week axis `weeks`; a week without a row is
 * zero, and rows outside the axis are ignored.
 */
export function loadByBucket(
  rows: readonly FunctionLoadWeek[],
  weeks: readonly string[],
  policy: Policy,
): Map<LoadBucket, BucketSeries> {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const perFte = fteHoursPerWeek(policy);
  const byBucket = new Map<LoadBucket, BucketSeries>();
  for (const row of rows) {
    const i = index.get(row.weekStart);
    if (i === undefined) continue;
    let series = byBucket.get(row.bucket);
    if (series === undefined) {
      series = emptySeries(row.bucket, weeks.length);
      byBucket.set(row.bucket, series);
    }
    const { measured, estimated } = handlingHours(row, policy);
    const add = (list: number[], value: number): void => {
      list[i] = (list[i] ?? 0) + value;
    };
    add(series.measuredHours, measured);
    add(series.estimatedHours, estimated);
    add(series.hours, measured + estimated);
    add(series.fte, (measured + estimated) / perFte);
    add(series.ticketsEstimated, row.resolvedWithoutMinutes);
    add(series.opened, row.ticketsOpened);
    add(series.resolved, row.ticketsResolved);
    add(series.escalated, row.ticketsEscalated);
  }
  return byBucket;
}

/** How much of a bucket's load over weeks `from`.. came from default handling times. */
export function handlingTimeEvidence(series: BucketSeries, from: number, policy: Policy): HandlingTimeEvidence {
  const measured = sum(series.measuredHours.slice(from));
  const estimated = sum(series.estimatedHours.slice(from));
  const tickets = sum(series.ticketsEstimated.slice(from));
  return {
    defaultsUsed: tickets > 0,
    defaultMinutesPerTicket: policy.capacity.defaultHandlingMinutes[series.bucket],
    ticketsEstimated: tickets,
    measuredHours: round(measured, 2),
    estimatedHours: round(estimated, 2),
    estimatedShare: measured + estimated === 0 ? 0 : round(estimated / (measured + estimated), 3),
  };
}
