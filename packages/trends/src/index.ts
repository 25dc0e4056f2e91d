// The trend tables (headcount_daily, headcount_daily_by_department, hr_team_daily,
// function_load_weekly, trend_refresh_queue, trend_refresh_quarantine): this package is their only writer. Ingest
// marks organisations stale, the refresher re-derives them, and the analyzer, the API and
// the CLI read them through the functions below.

/** The scopes a stale mark, a trend lock and the refresh metrics are kept per. */
export { TREND_SCOPES } from "@hr-radar/db/schema";
/** An organisation's changed helpdesk facts and the earliest instant they touch, as ingest marks them. */
export type { LoadChange } from "./function-load.ts";
/** Re-derives the weekly function load of organisations already locked (a full rebuild from the facts). */
export { refreshFunctionLoadWeekly } from "./function-load.ts";
/** Re-derives the daily headcount, department and HR-team trends of organisations already locked. */
export { refreshHeadcountTrends } from "./headcount.ts";
/** The advisory-lock key a refresher holds on one organisation's trends in one scope. */
export { trendLockKey } from "./locks.ts";
/** The grains trend reads group rows by (also at `@hr-radar/trends/periods`, without the database code). */
export { GRAINS } from "./periods.ts";
/** Organisations set aside because their own data fails a re-derivation: as listed for operators, and counted. */
export type { QuarantinedTrends, QuarantineEntry } from "./quarantine.ts";
/** Quarantined organisations (all, or of given ids) with their error, and their count per scope. */
export { quarantineCounts, quarantinedTrends } from "./quarantine.ts";
/** A row of a trend read: one organisation (and HR function) over one period. */
export type { FunctionLoadPoint, HeadcountPoint, HrTeamPoint } from "./queries.ts";
/** Trend reads for the API and the CLI, by period, and an organisation's policy as a read falls back to it. */
export { functionLoadTrend, headcountTrend, hrTeamTrend, type LatestFigures, latestFigures } from "./queries.ts";
/** Stale marks: written with the facts, re-derived and removed by a pass; how far the trends lag. */
export { markTrendsStale, refreshStaleTrends, trendStaleness } from "./refresh-queue.ts";
/** What a trend refresher reports, and the running refresher a service stops. */
export type { TrendRefresher, TrendRefreshMetrics } from "./refresher.ts";
/** Starts the loop that keeps the trend tables current. */
export { createTrendRefresher } from "./refresher.ts";
/** An organisation the analyzer evaluates, with its resolved policy. */
export type { OrganisationToEvaluate } from "./rule-inputs.ts";
/** The rules' inputs (headcount and function-load windows, HR team, plan) of a batch of organisations. */
export { readMetrics } from "./rule-inputs.ts";
/** How current one organisation's trends are: quarantined, behind, or current. */
export type { TrendStatus } from "./status.ts";
/** The trend status of every organisation (or of given ones), for `hr-radar status` and the API. */
export { trendStatus } from "./status.ts";
