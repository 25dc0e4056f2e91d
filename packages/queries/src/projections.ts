import type { Database } from "@hr-radar/db";
import { loadOrganisation } from "@hr-radar/organisations";
import { defaultPolicy } from "@hr-radar/policy";
import { type FunctionForecast, forecastFunctions } from "@hr-radar/rules";
import { readMetrics } from "@hr-radar/trends";

/** Where one function's demand is heading: the load-forecast rule's projection, for every function. */
export type LoadProjection = FunctionForecast;

/**
 * Each function's forecast as the load-forecast rule makes it at `evaluatedAt` (default
 * now): the same complete-week series the analyzer reads, the same projections (load
 * trend, headcount plan or trend, hiring) and the same earliest crossing, so the date
 * shown is the date an alert names. Shown for every function with demand, not only the
 * ones that raise an alert; a function already over its threshold has a crossing of 0
 * weeks. `asOf` is the last complete week the series end at.
 */
export async function loadProjections(
  db: Database,
  organisationId: string,
  evaluatedAt: string = new Date().toISOString(),
): Promise<{ asOf: string | null; evaluatedAt: string; projections: LoadProjection[] }> {
  const profile = await loadOrganisation(db, organisationId);
  // without a profile yet, load is read under the defaults, as the trend reads show it
  const organisation = profile ?? {
    organisationId,
    name: organisationId,
    industry: null,
    timeZone: "UTC",
    policy: defaultPolicy,
  };
  const [metrics] = await db.transaction((tx) => readMetrics(tx, [organisation], evaluatedAt));
  const view = forecastFunctions({ metrics: metrics!, policy: organisation.policy, evaluatedAt });
  return { asOf: view.lastWeekStart, evaluatedAt, projections: view.forecasts };
}
