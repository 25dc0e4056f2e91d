// The forward view: what is coming, function by function. One source for the staffing
// plan, the "Next crossing" headline and the projected-crossings table, so they never
// name different dates.
//
// The projections endpoint runs the load-forecast rule's own projection for every
// function, so its crossing is the date an alert names. Where it has none but an active
// recommendation carries a forecast (the rule held a plan-based crossing, e.g. a
// `plan_specialist` from the headcount plan), the recommendation's date is shown instead:
// the forward view must never say "not on current trend" beside a dated plan.

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** The projection behind an alert's reasons (the load-forecast evidence), or null. */
export function alertForecast(alert) {
  const reasons = Array.isArray(alert.reasons) && alert.reasons.length > 0 ? alert.reasons : [alert];
  for (const reason of reasons) {
    const projection = isObject(reason.evidence) ? reason.evidence.projection : null;
    if (isObject(projection) && typeof projection.expectedDate === "string") return projection;
  }
  return null;
}

/**
 * Every projection row, with a crossing filled in from an active recommendation's forecast
 * where the endpoint has none. Each row gains `source`: "forecast" (the endpoint),
 * "recommendation" (an alert's forecast) or null (nothing ahead).
 */
export function forwardView(projections, alerts) {
  const forecasts = new Map();
  for (const alert of alerts) {
    const projection = alertForecast(alert);
    if (projection) forecasts.set(alert.hrFunction, projection);
  }
  return projections.map((p) => {
    if (p.projectedCrossing !== null) return { ...p, source: "forecast" };
    const projection = forecasts.get(p.hrFunction);
    if (!projection || p.currentFte >= p.thresholdFte) return { ...p, source: null };
    return {
      ...p,
      projectedCrossing: projection.expectedDate,
      weeksToCrossing: projection.weeksAhead ?? null,
      basis: projection.basis ?? null,
      source: "recommendation",
    };
  });
}

/**
 * What is coming for one function: the forward view's crossing, else the function's
 * recommendation's own forecast (a function the endpoint does not project). Null if none.
 */
export function comingFor(hrFunction, view, alert) {
  const row = view.find((p) => p.hrFunction === hrFunction);
  if (row && row.projectedCrossing !== null && row.currentFte < row.thresholdFte) return row;
  const projection = alert ? alertForecast(alert) : null;
  if (!projection) return null;
  return {
    hrFunction,
    projectedCrossing: projection.expectedDate,
    weeksToCrossing: projection.weeksAhead ?? null,
    basis: projection.basis ?? null,
    thresholdFte: projection.threshold,
    source: "recommendation",
  };
}

/**
 * Every crossing ahead, soonest first: the forward view's, plus the forecast of a
 * recommendation whose function the endpoint does not project, so the headline's "next
 * crossing" is never later than a date the plan names.
 */
export function crossingsAhead(projections, alerts) {
  const view = forwardView(projections, alerts);
  const extra = alerts
    .filter((alert) => !view.some((p) => p.hrFunction === alert.hrFunction))
    .map((alert) => comingFor(alert.hrFunction, view, alert))
    .filter((coming) => coming !== null)
    .map((coming) => ({ ...coming, currentFte: 0 }));
  return upcoming([...view, ...extra]);
}

/** Crossings still ahead, soonest first. */
export function upcoming(view) {
  return view
    .filter((p) => p.projectedCrossing !== null && p.currentFte < p.thresholdFte)
    .sort((a, b) => a.projectedCrossing.localeCompare(b.projectedCrossing));
}

const BASIS_WORDS = {
  "load-trend": "on the load trend",
  "headcount-plan": "on the headcount plan",
  "headcount-trend": "on the headcount trend",
  "hiring-plan": "on the hiring plan",
  "hiring-trend": "on the hiring trend",
};

/** "on the headcount plan" for a projection basis; "" when unknown. */
export function basisWords(basis) {
  return BASIS_WORDS[basis] ?? "";
}

/** True when the organisation has sent nothing yet: no headcount, no load, no HR team. */
export function hasNoData(data) {
  return (
    data.headcount.rows.length === 0 &&
    data.functionLoad.rows.length === 0 &&
    data.hrTeam.rows.length === 0 &&
    !data.organisation.latest
  );
}
