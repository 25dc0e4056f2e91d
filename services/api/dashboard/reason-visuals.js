// A visual of each reason behind a recommendation, so a card shows why at a glance:
// load against the specialist threshold, recruiting FTE implied by hiring, escalation
// share against its threshold, or a regulation badge. Drawn from the reason's own
// evidence (the rules' weekly values and thresholds), except load, which is the function's
// weekly load series as the load charts draw it.
import { COLOURS, loadSeriesByFunction } from "./charts.js";
import { el } from "./dom.js";
import { formatDay, formatInUnit, formatNumber, formatShortDay, functionLabel, humanise } from "./format.js";

const Chart = globalThis.Chart;
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

const TITLES = {
  load: "Load against the specialist threshold",
  hiring: "Recruiting FTE implied by hiring",
  escalation: "Share of tickets escalated beyond the generalists",
};
/** Titles of the other measured metrics that have a threshold (the generic "series" visual). */
const METRIC_TITLES = {
  hr_staff_per_100_employees: "HR staff per 100 employees against the benchmark",
  generalist_shortfall: "Generalist shortfall against the threshold",
  unmapped_load_share: "Unmapped share of helpdesk load against the threshold",
};

/** The reasons of an alert; one stored before reasons existed is its own one reason. */
export function reasonsOf(alert) {
  if (Array.isArray(alert.reasons) && alert.reasons.length > 0) return alert.reasons.filter(isObject);
  return [{ ruleId: alert.ruleId, summary: alert.summary, evidence: alert.evidence ?? {} }];
}

/** Which visual a reason gets: regulation | hiring | escalation | load | series | null. */
export function visualKind(reason) {
  const evidence = isObject(reason.evidence) ? reason.evidence : {};
  const metric = String(evidence.metric ?? "");
  if (reason.ruleId === "regulated-industry" && metric !== "industry_recognised") return "regulation";
  if (reason.ruleId === "hiring-velocity" || metric.includes("hiring_implied")) return "hiring";
  if (reason.ruleId === "escalation-depth" || metric === "escalation_share") return "escalation";
  if (["sustained-load", "cost-break-even", "load-forecast"].includes(reason.ruleId) || metric.includes("load_fte"))
    return "load";
  return evidenceSeries(evidence) ? "series" : null;
}

/** The evidence's weekly values and the threshold they are judged against, or null. */
function evidenceSeries(evidence) {
  if (!Array.isArray(evidence.values) || evidence.values.length === 0) return null;
  const threshold = isObject(evidence.thresholds)
    ? evidence.thresholds.raise
    : isObject(evidence.projection)
      ? evidence.projection.threshold
      : null;
  if (typeof threshold !== "number") return null;
  return {
    labels: evidence.values.map((week) => week.weekStart),
    values: evidence.values.map((week) => (typeof week.value === "number" ? week.value : null)),
    threshold,
    unit: evidence.unit,
    partial: [],
  };
}

/** The function's weekly load (the week in progress marked partial) against the policy threshold. */
function loadSeries(hrFunction, functionLoad) {
  const rows = loadSeriesByFunction(functionLoad?.rows ?? []).get(hrFunction);
  if (!rows || rows.length === 0) return null;
  return {
    labels: rows.map((row) => row.periodStart),
    values: rows.map((row) => row.loadFte),
    threshold: functionLoad.thresholdFte,
    unit: "fte",
    partial: rows.map((row) => row.complete === false),
  };
}

function regulationBadge(reason) {
  const details = isObject(reason.evidence?.details) ? reason.evidence.details : {};
  const functions = Array.isArray(details.regulatedFunctions) ? details.regulatedFunctions.map(functionLabel) : [];
  return el(
    "p",
    { className: "regulation-badge", dataset: { testid: "reason-visual", kind: "regulation" } },
    el("span", { className: "regulation-mark", "aria-hidden": "true" }, "§"),
    el("strong", {}, `Regulated industry: ${details.industry ? humanise(details.industry) : "yes"}`),
    functions.length
      ? el("span", { className: "regulation-required" }, `Specialists required: ${functions.join(", ")}`)
      : null,
  );
}

function seriesChart(kind, series, canvasId, title) {
  const canvas = el("canvas", { id: canvasId, role: "img" });
  const last = series.values.findLast((v, i) => v !== null && !series.partial[i]);
  canvas.setAttribute(
    "aria-label",
    `${title}: ${formatInUnit(last ?? null, series.unit)} in the last complete week against a threshold of ${formatInUnit(series.threshold, series.unit)}.`,
  );
  const figure = el(
    "figure",
    { className: "reason-visual", dataset: { testid: "reason-visual", kind } },
    el("figcaption", {}, title),
    el("div", { className: "chart-box chart-box--reason" }, canvas),
  );
  // drawn once the canvas is in the page (Chart.js measures its box)
  figure.draw = () => drawSeries(canvas, series);
  return figure;
}

function drawSeries(canvas, series) {
  const share = series.unit === "share";
  const fmt = (v) => (share ? `${formatNumber(v * 100, 0)}%` : formatNumber(v, 2));
  const peak = Math.max(series.threshold, ...series.values.filter((v) => v !== null));
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, {
    type: "line",
    data: {
      labels: series.labels.map(formatShortDay),
      datasets: [
        {
          label: "Value",
          data: series.values,
          borderColor: COLOURS.load,
          backgroundColor: "rgba(79, 70, 229, 0.10)",
          fill: true,
          tension: 0.25,
          borderWidth: 2,
          pointRadius: series.values.map((_, i) => (series.partial[i] ? 3 : 0)),
          pointBackgroundColor: "#fff",
          segment: { borderDash: (ctx) => (series.partial[ctx.p1DataIndex] ? [4, 4] : undefined) },
        },
        {
          label: "Threshold",
          data: series.values.map(() => series.threshold),
          borderColor: COLOURS.threshold,
          borderDash: [5, 4],
          borderWidth: 1.5,
          pointRadius: 0,
          pointHoverRadius: 0,
          fill: false,
        },
      ],
    },
    options: {
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) =>
              `Week of ${formatDay(series.labels[items[0].dataIndex])}${series.partial[items[0].dataIndex] ? ", so far" : ""}`,
            label: (item) => `${item.dataset.label}: ${formatInUnit(item.parsed.y, series.unit)}`,
          },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { maxTicksLimit: 5, maxRotation: 0, font: { size: 10 } } },
        y: {
          min: 0,
          suggestedMax: peak * 1.15,
          ticks: { maxTicksLimit: 4, font: { size: 10 }, callback: fmt },
        },
      },
    },
  });
}

/**
 * The visuals of an alert's reasons, one per kind (two load reasons share one chart), in
 * a container; call `drawReasonVisuals(container)` once it is in the page.
 */
export function reasonVisuals(alert, functionLoad) {
  const seen = new Set();
  const visuals = [];
  reasonsOf(alert).forEach((reason, i) => {
    const kind = visualKind(reason);
    if (kind === null || seen.has(kind)) return;
    const evidence = isObject(reason.evidence) ? reason.evidence : {};
    const canvasId = `reason-chart-${alert.alertId}-${i}`;
    if (kind === "regulation") visuals.push(regulationBadge(reason));
    else {
      const series = (kind === "load" ? loadSeries(alert.hrFunction, functionLoad) : null) ?? evidenceSeries(evidence);
      if (series === null) return;
      const title =
        TITLES[kind] ??
        METRIC_TITLES[evidence.metric] ??
        `${humanise(evidence.metric ?? "measured")} against ${formatInUnit(series.threshold, series.unit)}`;
      visuals.push(seriesChart(kind, series, canvasId, title));
    }
    seen.add(kind);
  });
  if (visuals.length === 0) return null;
  return el("div", { className: "reason-visuals", dataset: { testid: "reason-visuals" } }, visuals);
}

/** Draws the charts of every reason visual under `root`. */
export function drawReasonVisuals(root) {
  for (const figure of root.querySelectorAll("[data-testid=reason-visual]")) figure.draw?.();
}
