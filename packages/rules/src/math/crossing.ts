// When does a projected series first reach a threshold?

// Projections are sums of floats; without a tolerance 0.8 can "fail" to reach 0.8.
const TOLERANCE = 1e-9;

/**
 * The first whole number of weeks ahead, 1..`horizonWeeks`, at which `project`
 * reaches `threshold`; null when it does not within the horizon. `project(k)` is
 * the projected value k weeks after the current week.
 */
export function firstCrossingWeek(
  project: (weeksAhead: number) => number,
  threshold: number,
  horizonWeeks: number,
): number | null {
  for (let k = 1; k <= horizonWeeks; k++) {
    if (project(k) >= threshold - TOLERANCE) return k;
  }
  return null;
}
