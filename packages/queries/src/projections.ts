import type { Database } from "@hr-radar/db";
import { loadOrganisation } from "@hr-radar/organisations";
import { defaultPolicy } from "@hr-radar/policy";
import { firstCrossingWeek, fitLine, valueAt } from "@hr-radar/rules";
import { functionLoadTrend } from "@hr-radar/trends";

/** Where one function's weekly load is heading. */
export interface LoadProjection {
  hrFunction: string;
  /** The fitted load for the last week with data. */
  currentFte: number;
  slopeFtePerWeek: number;
  thresholdFte: number;
  /** Monday of the first week the fitted line reaches the threshold within the horizon. */
  projectedCrossing: string | null;
  weeksToCrossing: number | null;
}

/**
 * A least-squares line through each function's weekly FTE over the policy's lookback
 * window, projected over the forecast horizon: the same maths the load-forecast rule uses,
 * shown for every function, not only the ones that raise an alert. A function already over
 * its threshold has a crossing of 0 weeks.
 */
export async function loadProjections(
  db: Database,
  organisationId: string,
): Promise<{ asOf: string | null; projections: LoadProjection[] }> {
  const policy = (await loadOrganisation(db, organisationId))?.policy ?? defaultPolicy;
  const rows = await functionLoadTrend(db, { organisationId, grain: "week" });
  const asOf = rows.at(-1)?.periodStart ?? null;
  const byFunction = Map.groupBy(rows, (r) => r.hrFunction);
  const thresholdFte = policy.thresholds.specialistRaiseFte;
  const projections: LoadProjection[] = [];
  for (const [hrFunction, series] of byFunction) {
    const recent = series.slice(-policy.windows.lookbackWeeks);
    const fit = fitLine(recent.map((r) => r.loadFte));
    if (!fit) continue;
    const last = recent.length - 1;
    const currentFte = Math.max(0, valueAt(fit, last));
    const weeks =
      currentFte >= thresholdFte
        ? 0
        : fit.slope > 0
          ? firstCrossingWeek((k) => valueAt(fit, last + k), thresholdFte, policy.forecast.horizonWeeks)
          : null;
    const lastWeek = recent[last]!.periodStart;
    projections.push({
      hrFunction,
      currentFte: round(currentFte),
      slopeFtePerWeek: round(fit.slope),
      thresholdFte,
      weeksToCrossing: weeks,
      projectedCrossing: weeks === null ? null : addWeeks(lastWeek, weeks),
    });
  }
  projections.sort(
    (a, b) =>
      (a.weeksToCrossing ?? Infinity) - (b.weeksToCrossing ?? Infinity) || a.hrFunction.localeCompare(b.hrFunction),
  );
  return { asOf, projections };
}

const addWeeks = (day: string, weeks: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
const round = (value: number): number => Math.round(value * 1000) / 1000;
