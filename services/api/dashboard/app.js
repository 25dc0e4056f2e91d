// The dashboard's entry point: token → organisation → every panel, and the page's states.
//
// `<body data-state>` is loading | token | error | ready, and `data-ready="true"` is set
// once every panel has been drawn, so a test (or a screenshot job) knows when to look.
import { renderAlerts } from "./alerts.js";
import {
  ApiError,
  acknowledgeAlert,
  adoptTokenFromUrl,
  forgetToken,
  getActiveAlerts,
  getMe,
  loadDashboard,
  saveToken,
  storedToken,
  UnauthorizedError,
} from "./api.js";
import { drawHeadcountChart, drawHrTeamChart, drawLoadSmallMultiples } from "./charts.js";
import { formatDay, formatNumber, functionLabel, humanise } from "./format.js";
import { forwardView, hasNoData } from "./forward.js";
import { functionsOverThreshold, renderKpis, renderProjections } from "./panels.js";
import { renderPlan } from "./plan.js";

const $ = (id) => document.getElementById(id);
const ACK_NAME_KEY = "hr-radar.acknowledgedBy";

/** What is on screen now; acknowledging an alert updates it and re-renders. */
let current = null;

function setState(state, message = "") {
  document.body.dataset.state = state;
  document.body.dataset.ready = String(state === "ready");
  $("main").setAttribute("aria-busy", String(state === "loading"));
  $("token-panel").hidden = state !== "token";
  $("error-panel").hidden = state !== "error";
  $("dashboard").hidden = state !== "ready";
  $("org").hidden = state !== "ready";
  $("sign-out").hidden = state !== "ready" && state !== "error";
  $("status").textContent = message;
  $("status").hidden = message === "";
}

function showTokenForm(problem) {
  $("token-error").textContent = problem ?? "";
  $("token-error").hidden = !problem;
  setState("token");
  $("token-input").value = "";
  $("token-input").focus();
}

function showError(error) {
  $("error-message").textContent =
    error instanceof ApiError
      ? `The API answered ${error.status} (${error.code}): ${error.message}`
      : "Could not reach the hr-radar API. Check your network connection, or whether the service is running, and try again.";
  setState("error");
}

async function start() {
  if (storedToken() === null) return showTokenForm();
  setState("loading", "Loading the dashboard…");
  try {
    const me = await getMe();
    const data = await loadDashboard(me.organisationId);
    current = { organisationId: me.organisationId, ...data };
    render(current);
    setState("ready");
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      forgetToken();
      return showTokenForm("That token was not accepted. It may have been revoked or mistyped.");
    }
    console.error(error);
    showError(error);
  }
}

function render(data) {
  renderHeader(data.organisation);
  const noData = hasNoData(data);
  document.body.dataset.noData = String(noData);
  renderPlanPanel(data);
  renderKpis($("kpis"), data);

  drawHeadcountChart($("headcount-chart"), data.headcount.rows);

  const lastPeriod = data.hrTeam.rows.at(-1);
  const team = data.organisation.hrTeam ?? (lastPeriod ? { ...lastPeriod, day: lastPeriod.asOfDay } : null);
  $("hr-team-box").hidden = team === null;
  $("hr-team-empty").hidden = team !== null;
  if (team) {
    drawHrTeamChart($("hr-team-chart"), team);
    $("hr-team-note").textContent = `Generalists and specialists on ${formatDay(team.day)}`;
  }

  $("load-empty").hidden = data.functionLoad.rows.length > 0;
  drawLoadSmallMultiples($("load-multiples"), data.functionLoad, functionsOverThreshold(data.alerts.alerts));

  renderAlertsPanel(data);
  renderProjections($("projections"), data.projections.projections, data.alerts.alerts);
  $("projections-note").textContent =
    `When each function's demand reaches the specialist threshold, as the forecast rule projects it from complete weeks up to the week of ${formatDay(data.projections.asOf)}`;
}

function renderHeader(organisation) {
  $("org-name").textContent = organisation.name;
  const parts = [];
  if (organisation.industry) parts.push(humanise(organisation.industry));
  if (organisation.latest) {
    parts.push(`${formatNumber(organisation.latest.headcount)} employees on ${formatDay(organisation.latest.day)}`);
    const { plannedHeadcount, plannedBy } = organisation.latest;
    if (plannedHeadcount !== null && plannedBy !== null)
      parts.push(`plan: ${formatNumber(plannedHeadcount)} by ${formatDay(plannedBy)}`);
  }
  parts.push(organisation.timeZone);
  $("org-meta").textContent = parts.join(" · ");
  document.title = `${organisation.name} · hr-radar`;
}

/** The staffing plan, first on the page: every active recommendation and what is coming. */
function renderPlanPanel(data) {
  const alerts = data.alerts.alerts;
  $("plan-count").textContent = String(alerts.length);
  renderPlan($("plan"), {
    organisation: data.organisation,
    alerts,
    view: forwardView(data.projections.projections, alerts),
    noData: hasNoData(data),
  });
}

function renderAlertsPanel(data) {
  const open = data.alerts.alerts.filter((alert) => alert.status === "open").length;
  $("alerts-count").textContent = String(open);
  renderAlerts($("alerts"), data.alerts.alerts, acknowledge, {
    functionLoad: data.functionLoad,
    noData: hasNoData(data),
  });
}

async function acknowledge(alert, button) {
  const name = window.prompt(
    `Acknowledge the ${functionLabel(alert.hrFunction)} alert as:`,
    localStorage.getItem(ACK_NAME_KEY) ?? "",
  );
  if (name === null || name.trim() === "") return;
  localStorage.setItem(ACK_NAME_KEY, name.trim());
  button.disabled = true;
  button.textContent = "Acknowledging…";
  try {
    await acknowledgeAlert(current.organisationId, alert.alertId, name.trim());
    $("status").textContent = `Alert acknowledged by ${name.trim()}.`;
  } catch (error) {
    if (error instanceof UnauthorizedError) return start();
    // 409: someone else acknowledged it, or it resolved meanwhile; the refresh shows which.
    $("status").textContent =
      error instanceof ApiError ? `Could not acknowledge: ${error.message}` : "Could not reach the API.";
  }
  $("status").hidden = false;
  try {
    current.alerts = await getActiveAlerts(current.organisationId);
    renderAlertsPanel(current);
    renderPlanPanel(current);
    renderKpis($("kpis"), current);
  } catch (error) {
    showError(error);
  }
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("token-input").value.trim();
  if (token === "") return;
  saveToken(token);
  start();
});
$("retry").addEventListener("click", () => start());
$("sign-out").addEventListener("click", () => {
  forgetToken();
  current = null;
  showTokenForm();
});

adoptTokenFromUrl();
start();
