// The non-chart panels: key figures and the projected-crossings table.
import { lastCompleteRow } from "./charts.js";
import { el } from "./dom.js";
import { formatDay, formatFte, formatNumber, functionLabel, plural } from "./format.js";
import { basisWords, crossingsAhead, forwardView, upcoming } from "./forward.js";

/** The rules whose reason is "load at or over the specialist threshold, sustained". */
const LOAD_OVER_RULES = new Set(["sustained-load"]);

/**
 * The functions over the specialist threshold, as the rules judged them: those whose
 * active recommendation has a sustained-load reason. Read from the recommendations, not
 * recomputed from one week's figure, so the headline can never contradict the plan.
 */
export function functionsOverThreshold(alerts) {
  const reasons = (alert) => (Array.isArray(alert.reasons) && alert.reasons.length ? alert.reasons : [alert]);
  return alerts
    .filter((alert) => reasons(alert).some((reason) => LOAD_OVER_RULES.has(reason.ruleId)))
    .map((alert) => alert.hrFunction);
}

function kpi(label, value, note, testid) {
  return el(
    "div",
    { className: "kpi", dataset: { testid } },
    el("p", { className: "kpi-label" }, label),
    el("p", { className: "kpi-value" }, value),
    note ? el("p", { className: "kpi-note" }, note) : null,
  );
}

/**
 * Headcount, HR staff, open recommendations, functions over threshold, and the next
 * crossing. Weekly figures are the last complete week's, as the rules read them (never
 * the week in progress); "over threshold" and "next crossing" come from the
 * recommendations and the forward view, so they agree with the staffing plan.
 */
export function renderKpis(container, data) {
  const { organisation, headcount, functionLoad, alerts, projections } = data;
  const rows = headcount.rows;
  const lastWeek = lastCompleteRow(rows);
  const latest = lastWeek ?? organisation.latest;
  const first = rows[0];
  const change = latest && first ? latest.headcount - first.headcount : null;
  const team = organisation.hrTeam;
  const hrStaff = team ? team.generalists + Object.values(team.specialists).reduce((sum, n) => sum + n, 0) : null;
  const perHundred = hrStaff !== null && latest && latest.headcount > 0 ? (hrStaff / latest.headcount) * 100 : null;

  const active = alerts.alerts;
  const open = active.filter((alert) => alert.status === "open");
  const high = open.filter((alert) => alert.severity === "high").length;

  const threshold = functionLoad.thresholdFte;
  const over = functionsOverThreshold(active);
  const otherReasons = active.length - over.length;
  const overNote = over.length
    ? `${over.map(functionLabel).join(", ")}: load sustained at ${formatFte(threshold)} or more`
    : otherReasons > 0
      ? `no load sustained at ${formatFte(threshold)}; ${plural(otherReasons, "recommendation")} for other reasons`
      : `no function's load sustained at ${formatFte(threshold)} or more`;

  const next = crossingsAhead(projections.projections, active)[0];

  container.replaceChildren(
    kpi(
      "Headcount",
      latest ? formatNumber(latest.headcount) : "—",
      change !== null && first
        ? `${lastWeek ? `week of ${formatDay(lastWeek.periodStart)}, ` : ""}${change >= 0 ? "+" : ""}${formatNumber(change)} since ${formatDay(first.periodStart)}`
        : null,
      "kpi-headcount",
    ),
    kpi(
      "HR staff",
      hrStaff !== null ? formatNumber(hrStaff) : "—",
      perHundred !== null ? `${formatNumber(perHundred, 1)} per 100 employees` : null,
      "kpi-hr-staff",
    ),
    kpi(
      "Open recommendations",
      formatNumber(open.length),
      high > 0 ? `${high} high severity` : `${active.length - open.length} acknowledged`,
      "kpi-alerts",
    ),
    kpi("Over threshold", formatNumber(over.length), overNote, "kpi-over"),
    kpi(
      "Next crossing",
      next ? formatDay(next.projectedCrossing) : "None",
      next
        ? `${functionLabel(next.hrFunction)}, in ${plural(next.weeksToCrossing, "week")}${next.basis ? ` ${basisWords(next.basis)}` : ""}`
        : "on current trends and plans",
      "kpi-next-crossing",
    ),
  );
}

/** Projections with a crossing ahead, soonest first (the forward view's, with the recommendations' forecasts). */
export function upcomingCrossings(projections, alerts = []) {
  return upcoming(forwardView(projections, alerts));
}

/** Every function's projection: already over first, then soonest crossing, then none. */
export function renderProjections(table, projections, alerts = []) {
  projections = forwardView(projections, alerts);
  const rank = (p) => (p.currentFte >= p.thresholdFte ? 0 : p.projectedCrossing !== null ? 1 : 2);
  const sorted = [...projections].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.projectedCrossing ?? "").localeCompare(b.projectedCrossing ?? "") ||
      b.currentFte - a.currentFte,
  );
  const body = table.tBodies[0];
  body.replaceChildren();
  if (sorted.length === 0) {
    body.append(el("tr", {}, el("td", { colSpan: 6, className: "empty" }, "No load trends to project yet.")));
    return;
  }
  for (const p of sorted) {
    const over = p.currentFte >= p.thresholdFte;
    const slope = `${p.slopeFtePerWeek > 0 ? "+" : ""}${formatNumber(p.slopeFtePerWeek, 3)} FTE`;
    const crossing = over
      ? el("span", { className: "pill pill--over" }, "Over threshold now")
      : p.projectedCrossing
        ? el(
            "span",
            {
              className: p.weeksToCrossing !== null && p.weeksToCrossing <= 12 ? "pill pill--soon" : "",
              title: p.basis ? `Projected ${basisWords(p.basis)}` : undefined,
            },
            `Week of ${formatDay(p.projectedCrossing)}`,
            p.basis ? el("span", { className: "crossing-basis" }, ` ${basisWords(p.basis)}`) : null,
          )
        : el("span", { className: "muted" }, "Not on current trend");
    body.append(
      el(
        "tr",
        { dataset: { testid: "projection", hrFunction: p.hrFunction } },
        el("th", { scope: "row" }, functionLabel(p.hrFunction)),
        el("td", { className: "num" }, formatFte(p.currentFte)),
        el("td", { className: `num ${p.slopeFtePerWeek > 0 ? "rising" : "falling"}` }, slope),
        el("td", { className: "num" }, formatFte(p.thresholdFte)),
        el("td", {}, crossing),
        el("td", { className: "num" }, over || p.weeksToCrossing === null ? "—" : formatNumber(p.weeksToCrossing)),
      ),
    );
  }
}
