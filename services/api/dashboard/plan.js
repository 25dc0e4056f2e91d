// The staffing plan: the answer, first. One line per active recommendation (one per
// function): the hire, the function, why (the lead reason), since when, and what is
// coming (the forward view's crossing). Below it, crossings ahead for functions that
// have no recommendation yet.
import { sortAlerts } from "./alerts.js";
import { el } from "./dom.js";
import { formatDay, formatFte, functionLabel, plural, recommendationLabel } from "./format.js";
import { basisWords, comingFor, upcoming } from "./forward.js";

/** The lead reason's sentence (the API puts the lead first), else the alert's own summary. */
export function leadReason(alert) {
  const lead = Array.isArray(alert.reasons) ? alert.reasons[0] : undefined;
  return typeof lead?.summary === "string" && lead.summary !== "" ? lead.summary : alert.summary;
}

/** "Crosses 0.8 FTE in the week of 30 Nov 2026 (1 week ahead, on the hiring plan)". */
export function crossingText(coming) {
  const ahead = coming.weeksToCrossing === null ? "" : `${plural(coming.weeksToCrossing, "week")} ahead`;
  const detail = [ahead, basisWords(coming.basis)].filter(Boolean).join(", ");
  return `Crosses ${formatFte(coming.thresholdFte)} in the week of ${formatDay(coming.projectedCrossing)}${detail ? ` (${detail})` : ""}`;
}

function comingLine(alert, view) {
  const coming = comingFor(alert.hrFunction, view, alert);
  const row = view.find((p) => p.hrFunction === alert.hrFunction);
  let text;
  if (coming) text = crossingText(coming);
  else if (row && row.currentFte >= row.thresholdFte) text = `Load already at ${formatFte(row.currentFte)}`;
  else text = "No crossing projected";
  return el("span", { className: "plan-coming", dataset: { testid: "plan-coming" } }, text);
}

function planItem(alert, view) {
  const why = leadReason(alert);
  return el(
    "li",
    {
      className: `plan-item plan-item--${alert.severity}`,
      dataset: { testid: "plan-item", hrFunction: alert.hrFunction, alertId: String(alert.alertId) },
    },
    el(
      "p",
      { className: "plan-what" },
      el("span", { className: `badge badge--${alert.severity}` }, alert.severity),
      el(
        "strong",
        { className: "plan-hire", dataset: { testid: "plan-hire" } },
        recommendationLabel(alert.recommendation),
      ),
      el("span", { className: "plan-function", dataset: { testid: "plan-function" } }, functionLabel(alert.hrFunction)),
      alert.status === "acknowledged"
        ? el(
            "span",
            { className: "status status--acknowledged" },
            `acknowledged by ${alert.acknowledgedBy ?? "someone"}`,
          )
        : null,
    ),
    el("p", { className: "plan-why", title: why, dataset: { testid: "plan-why" } }, why),
    el(
      "p",
      { className: "plan-when" },
      el(
        "span",
        { className: "plan-since", dataset: { testid: "plan-since" } },
        `Since ${formatDay(alert.openedAt.slice(0, 10))}`,
      ),
      " · ",
      comingLine(alert, view),
    ),
  );
}

/**
 * Fills the plan. `view` is the forward view (forward.js); `noData` says the organisation
 * has sent nothing yet, which is not the same as "all is well".
 */
export function renderPlan(container, { organisation, alerts, view, noData }) {
  const active = sortAlerts(alerts);
  const items = active.map((alert) => planItem(alert, view));
  const withAlert = new Set(active.map((alert) => alert.hrFunction));
  const ahead = upcoming(view).filter((p) => !withAlert.has(p.hrFunction));

  const list = el("ol", { className: "plan-list", dataset: { testid: "plan-items" } }, items);
  let empty = null;
  if (noData)
    empty = el(
      "p",
      { className: "plan-empty plan-empty--no-data", dataset: { testid: "no-data" } },
      `No data received yet: hr-radar has no headcount snapshots, helpdesk tickets or HR team for ${organisation.name}. ` +
        "The staffing plan appears once its HRIS and helpdesk events arrive.",
    );
  else if (active.length === 0)
    empty = el(
      "p",
      { className: "plan-empty", dataset: { testid: "plan-empty" } },
      "No open recommendations: every function is within its thresholds.",
    );

  const comingUp =
    ahead.length > 0
      ? el(
          "p",
          { className: "plan-ahead", dataset: { testid: "plan-ahead" } },
          el("strong", {}, "Coming up: "),
          ahead.map((p, i) => [
            i > 0 ? "; " : "",
            `${functionLabel(p.hrFunction)} ${crossingText(p).replace(/^C/, "c")}`,
          ]),
        )
      : null;
  container.replaceChildren(...[items.length ? list : null, empty, comingUp].filter(Boolean));
}
