// The alerts panel: one card per open or acknowledged staffing recommendation (one per
// function), most severe first, with every reason that supports it, their evidence behind
// a disclosure and an Acknowledge button on the open ones.
import { el } from "./dom.js";
import { renderReasonsEvidence } from "./evidence.js";
import { formatInstant, functionLabel, humanise, recommendationLabel } from "./format.js";
import { drawReasonVisuals, reasonVisuals } from "./reason-visuals.js";

const SEVERITY_RANK = { high: 0, medium: 1, low: 2, info: 3 };

/** Most severe first; among equals, the oldest first (it has waited longest). */
export function sortAlerts(alerts) {
  return [...alerts].sort(
    (a, b) =>
      (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || a.openedAt.localeCompare(b.openedAt),
  );
}

/**
 * Fills `list` with the alerts. `onAcknowledge(alert, button)` is called when a user
 * asks to acknowledge an open one. `functionLoad` (the API's weekly load) feeds the load
 * visuals; `noData` says the organisation has sent nothing yet, so "no alerts" means
 * nothing has been assessed, not that all is well.
 */
export function renderAlerts(list, alerts, onAcknowledge, { functionLoad = null, noData = false } = {}) {
  // A re-render (after an acknowledgement) keeps open whatever evidence the reader had open.
  const expanded = new Set(
    [...list.querySelectorAll("[data-alert-id]:has(> details[open])")].map((card) => card.dataset.alertId),
  );
  list.replaceChildren();
  if (alerts.length === 0 && noData) {
    list.append(
      el(
        "li",
        { className: "empty", dataset: { testid: "alerts-no-data" } },
        "No data received yet: no function has been assessed, so there is nothing to recommend.",
      ),
    );
    return;
  }
  if (alerts.length === 0) {
    list.append(
      el(
        "li",
        { className: "empty", dataset: { testid: "alerts-empty" } },
        "No open alerts: every function is within its thresholds.",
      ),
    );
    return;
  }
  for (const alert of sortAlerts(alerts))
    list.append(alertCard(alert, onAcknowledge, expanded.has(String(alert.alertId)), functionLoad));
  drawReasonVisuals(list);
}

function alertCard(alert, onAcknowledge, evidenceOpen, functionLoad) {
  const headingId = `alert-${alert.alertId}-title`;
  const card = el("li", {
    className: `alert alert--${alert.severity} alert--${alert.status}`,
    dataset: { testid: "alert", alertId: String(alert.alertId), status: alert.status },
    "aria-labelledby": headingId,
  });

  const badge = el(
    "span",
    { className: `badge badge--${alert.severity}`, dataset: { testid: "severity" } },
    alert.severity,
  );
  const title = el(
    "h3",
    { id: headingId, className: "alert-title" },
    el("span", { className: "alert-function" }, functionLabel(alert.hrFunction)),
    el("span", { className: "alert-recommendation" }, recommendationLabel(alert.recommendation)),
  );
  const header = el("header", { className: "alert-header" }, badge, title, statusPill(alert));

  const summary = el("p", { className: "alert-summary", dataset: { testid: "alert-summary" } }, alert.summary);
  const meta = el(
    "p",
    { className: "alert-meta" },
    `Opened ${formatInstant(alert.openedAt)} · updated ${formatInstant(alert.updatedAt)} · rules `,
    alert.firedRules.map((rule, i) => [i > 0 ? ", " : "", el("code", {}, `${rule.ruleId}@${rule.version}`)]),
    alert.status === "acknowledged"
      ? ` · acknowledged by ${alert.acknowledgedBy ?? "someone"} ${formatInstant(alert.acknowledgedAt)}`
      : "",
  );

  const evidence = el(
    "details",
    { className: "alert-evidence", open: evidenceOpen, dataset: { testid: "alert-evidence" } },
    el("summary", {}, "Evidence"),
    renderReasonsEvidence(alert),
  );

  // append(null) would insert the text "null": leave out what a card does not have
  card.append(...[header, summary, reasonList(alert), reasonVisuals(alert, functionLoad), meta].filter(Boolean));
  if (alert.status === "open") {
    const button = el(
      "button",
      {
        type: "button",
        className: "button button--secondary",
        dataset: { testid: "acknowledge" },
        "aria-describedby": headingId,
      },
      "Acknowledge",
    );
    button.addEventListener("click", () => onAcknowledge(alert, button));
    card.append(el("div", { className: "alert-actions" }, button));
  }
  card.append(evidence);
  return card;
}

/**
 * Why, rule by rule, when more than one rule backs the recommendation (one reason is the
 * summary itself). Each says what that rule alone found, with its severity.
 */
function reasonList(alert) {
  const reasons = Array.isArray(alert.reasons) ? alert.reasons : [];
  if (reasons.length <= 1) return null;
  return el(
    "ul",
    { className: "alert-reasons", dataset: { testid: "alert-reasons" }, "aria-label": "Reasons" },
    reasons.map((reason) =>
      el(
        "li",
        { className: "alert-reason", dataset: { testid: "alert-reason", ruleId: String(reason.ruleId) } },
        el("span", { className: `badge badge--${reason.severity}` }, String(reason.severity)),
        " ",
        el("code", {}, String(reason.ruleId)),
        ": ",
        String(reason.summary),
      ),
    ),
  );
}

function statusPill(alert) {
  return el(
    "span",
    { className: `status status--${alert.status}`, dataset: { testid: "alert-status" } },
    humanise(alert.status),
  );
}
