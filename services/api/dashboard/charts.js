// Charts, drawn with Chart.js (the UMD build, loaded by index.html as the global `Chart`).
// Each function takes a canvas or container and the API's rows, and returns what it drew.
import { formatDay, formatFte, formatNumber, formatShortDay, functionLabel } from "./format.js";

const Chart = globalThis.Chart;

/** The palette, kept in step with the CSS custom properties in style.css. */
export const COLOURS = {
  ink: "#1e293b",
  muted: "#64748b",
  grid: "#e2e8f0",
  headcount: "#2563eb",
  hires: "#0d9488",
  terminations: "#e11d48",
  load: "#4f46e5",
  loadOver: "#c2410c",
  threshold: "#dc2626",
  generalists: "#475569",
  specialists: [
    "#0d9488",
    "#2563eb",
    "#7c3aed",
    "#db2777",
    "#ea580c",
    "#ca8a04",
    "#16a34a",
    "#0891b2",
    "#9333ea",
    "#e11d48",
  ],
};

Chart.defaults.font.family =
  getComputedStyle(document.documentElement).getPropertyValue("--font").trim() || "system-ui, sans-serif";
Chart.defaults.color = COLOURS.muted;
Chart.defaults.borderColor = COLOURS.grid;
// Charts appear fully drawn: no motion to wait for, and `data-ready` means what it says.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.legend.labels.boxWidth = 12;
Chart.defaults.plugins.legend.labels.boxHeight = 12;

/** A chart on a canvas that may already hold one (the page re-renders after a change). */
function draw(canvas, config) {
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, config);
}

function weekTitle(rows) {
  return (items) => {
    const row = rows[items[0].dataIndex];
    if (!row) return "";
    return `Week of ${formatDay(row.periodStart)} (${row.period})${row.complete === false ? ", so far" : ""}`;
  };
}

/**
 * The last row of a complete week: the figure a card or headline shows. The week in
 * progress (`complete: false` from the API) holds a few days' figures, not a week's.
 */
export function lastCompleteRow(rows) {
  return rows.findLast((row) => row.complete !== false);
}

/** The week in progress, if the rows end with it. */
export function weekSoFar(rows) {
  const last = rows.at(-1);
  return last && last.complete === false ? last : undefined;
}

/**
 * Line styling that shows the week in progress as partial: the segment into it dashed,
 * its point drawn hollow and lighter, so a line does not seem to dive at the right edge.
 */
function partialStyling(rows, colour) {
  const partial = (index) => rows[index]?.complete === false;
  return {
    segment: { borderDash: (ctx) => (partial(ctx.p1DataIndex) ? [4, 4] : undefined) },
    pointRadius: rows.map((_, i) => (partial(i) ? 3 : 0)),
    pointBackgroundColor: "#fff",
    pointBorderColor: rows.map((_, i) => (partial(i) ? `${colour}99` : colour)),
  };
}

/** Weekly headcount as a line, with hires and terminations as bars on their own axis. */
export function drawHeadcountChart(canvas, rows) {
  const first = rows[0];
  const last = lastCompleteRow(rows);
  const soFar = weekSoFar(rows);
  canvas.setAttribute(
    "aria-label",
    first && last
      ? `Headcount by week: ${first.headcount} in the week of ${formatDay(first.periodStart)}, ${last.headcount} in the week of ${formatDay(last.periodStart)}` +
          (soFar ? `; ${soFar.headcount} so far in the week of ${formatDay(soFar.periodStart)}.` : ".")
      : "Headcount by week: no data.",
  );
  return draw(canvas, {
    data: {
      labels: rows.map((row) => formatShortDay(row.periodStart)),
      datasets: [
        {
          type: "line",
          label: "Headcount",
          data: rows.map((row) => row.headcount),
          borderColor: COLOURS.headcount,
          backgroundColor: "rgba(37, 99, 235, 0.08)",
          fill: true,
          tension: 0.25,
          pointHoverRadius: 4,
          borderWidth: 2,
          ...partialStyling(rows, COLOURS.headcount),
          yAxisID: "headcount",
          order: 0,
        },
        {
          type: "bar",
          label: "Hires",
          data: rows.map((row) => row.hires),
          backgroundColor: "rgba(13, 148, 136, 0.55)",
          yAxisID: "movements",
          order: 1,
        },
        {
          type: "bar",
          label: "Terminations",
          data: rows.map((row) => row.terminations),
          backgroundColor: "rgba(225, 29, 72, 0.45)",
          yAxisID: "movements",
          order: 1,
        },
      ],
    },
    options: {
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { title: weekTitle(rows) } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        headcount: { position: "left", grace: "10%", title: { display: true, text: "Employees" } },
        movements: {
          position: "right",
          beginAtZero: true,
          // Room above the bars, so they stay a band along the bottom under the line.
          suggestedMax: Math.max(1, ...rows.map((row) => Math.max(row.hires, row.terminations))) * 3,
          grid: { drawOnChartArea: false },
          ticks: { precision: 0 },
          title: { display: true, text: "Hires / terminations" },
        },
      },
    },
  });
}

/** Rows of `/function-load` grouped by function, each in week order. */
export function loadSeriesByFunction(rows) {
  const byFunction = new Map();
  for (const row of rows) {
    if (!byFunction.has(row.hrFunction)) byFunction.set(row.hrFunction, []);
    byFunction.get(row.hrFunction).push(row);
  }
  for (const series of byFunction.values()) series.sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  return byFunction;
}

/**
 * One small chart per HR function, on a shared FTE scale so heights compare across
 * functions, each with the specialist threshold as a dashed line. The busiest function
 * comes first. A card's figure is its last complete week; the week in progress is drawn
 * partial and its figure labelled "so far". `overFunctions` (the functions the rules found
 * over the threshold), when given, decides which cards are marked over, so a card agrees
 * with the headline; without it, the last complete week does. Returns the charts by function.
 */
export function drawLoadSmallMultiples(container, functionLoad, overFunctions = null) {
  const threshold = functionLoad.thresholdFte;
  const series = [...loadSeriesByFunction(functionLoad.rows)].map(([hrFunction, rows]) => ({
    hrFunction,
    rows,
    latest: lastCompleteRow(rows)?.loadFte ?? 0,
    soFar: weekSoFar(rows),
  }));
  series.sort((a, b) => b.latest - a.latest || a.hrFunction.localeCompare(b.hrFunction));
  const peak = Math.max(threshold, ...functionLoad.rows.map((row) => row.loadFte));
  const yMax = Math.ceil(peak * 1.15 * 10) / 10;

  container.replaceChildren();
  const charts = new Map();
  for (const { hrFunction, rows, latest, soFar } of series) {
    const over = overFunctions ? overFunctions.includes(hrFunction) : hrFunction !== "unmapped" && latest >= threshold;
    const figure = document.createElement("figure");
    figure.className = `load-multiple${over ? " is-over" : ""}`;
    figure.dataset.testid = `load-${hrFunction}`;
    figure.dataset.hrFunction = hrFunction;

    const caption = document.createElement("figcaption");
    const name = document.createElement("span");
    name.className = "load-name";
    name.textContent = functionLabel(hrFunction);
    const value = document.createElement("span");
    value.className = "load-value";
    value.textContent = formatFte(latest);
    value.title = "Load in the last complete week";
    caption.append(name, value);
    if (soFar) {
      const partial = document.createElement("span");
      partial.className = "load-so-far";
      partial.dataset.testid = "load-so-far";
      partial.textContent = `${formatFte(soFar.loadFte)} so far this week`;
      partial.title = `Week of ${formatDay(soFar.periodStart)}, in progress: not in any average, count or threshold`;
      caption.append(partial);
    }

    const box = document.createElement("div");
    box.className = "chart-box chart-box--small";
    const canvas = document.createElement("canvas");
    canvas.id = `load-chart-${hrFunction}`;
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      `${functionLabel(hrFunction)} load by week, ${formatFte(latest)} in the last complete week against a specialist threshold of ${formatFte(threshold)}.`,
    );
    box.append(canvas);
    figure.append(caption, box);
    container.append(figure);
    charts.set(hrFunction, drawLoadChart(canvas, rows, hrFunction === "unmapped" ? null : threshold, yMax, over));
  }
  return charts;
}

function drawLoadChart(canvas, rows, threshold, yMax, over) {
  const colour = over ? COLOURS.loadOver : COLOURS.load;
  const datasets = [
    {
      label: "Load (FTE)",
      data: rows.map((row) => row.loadFte),
      borderColor: colour,
      backgroundColor: over ? "rgba(194, 65, 12, 0.10)" : "rgba(79, 70, 229, 0.10)",
      fill: true,
      tension: 0.25,
      pointHoverRadius: 3,
      borderWidth: 2,
      ...partialStyling(rows, colour),
    },
  ];
  if (threshold !== null) {
    datasets.push({
      label: "Specialist threshold",
      data: rows.map(() => threshold),
      borderColor: COLOURS.threshold,
      borderDash: [5, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
      fill: false,
    });
  }
  return draw(canvas, {
    type: "line",
    data: { labels: rows.map((row) => formatShortDay(row.periodStart)), datasets },
    options: {
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: weekTitle(rows),
            label: (item) => `${item.dataset.label}: ${formatFte(item.parsed.y)}`,
            afterBody: (items) => {
              const row = rows[items[0].dataIndex];
              return row
                ? `${row.ticketsOpened} opened · ${row.ticketsResolved} resolved · backlog ${row.backlog}`
                : "";
            },
          },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { maxTicksLimit: 4, maxRotation: 0, font: { size: 10 } } },
        y: { min: 0, max: yMax, ticks: { maxTicksLimit: 4, font: { size: 10 }, callback: (v) => formatNumber(v, 1) } },
      },
    },
  });
}

/** Writes the team's total in the doughnut's hole. */
const centreTotal = {
  id: "centreTotal",
  afterDraw(chart) {
    const total = chart.data.datasets[0].data.reduce((sum, n) => sum + n, 0);
    const { ctx, chartArea } = chart;
    const x = (chartArea.left + chartArea.right) / 2;
    const y = (chartArea.top + chartArea.bottom) / 2;
    ctx.save();
    ctx.textAlign = "center";
    ctx.fillStyle = COLOURS.ink;
    ctx.font = `600 26px ${Chart.defaults.font.family}`;
    ctx.fillText(formatNumber(total), x, y + 4);
    ctx.fillStyle = COLOURS.muted;
    ctx.font = `12px ${Chart.defaults.font.family}`;
    ctx.fillText("HR staff", x, y + 22);
    ctx.restore();
  },
};

/** The HR team's make-up on its latest day: generalists and specialists per function. */
export function drawHrTeamChart(canvas, team) {
  const specialists = Object.entries(team.specialists)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const labels = ["Generalists", ...specialists.map(([fn]) => `${functionLabel(fn)} specialist`)];
  const data = [team.generalists, ...specialists.map(([, count]) => count)];
  canvas.setAttribute(
    "aria-label",
    `HR team on ${formatDay(team.day)}: ${labels.map((label, i) => `${data[i]} ${label}`).join(", ")}.`,
  );
  return draw(canvas, {
    type: "doughnut",
    data: {
      labels,
      datasets: [
        {
          label: "People",
          data,
          backgroundColor: [
            COLOURS.generalists,
            ...specialists.map((_, i) => COLOURS.specialists[i % COLOURS.specialists.length]),
          ],
          borderColor: "#fff",
          borderWidth: 2,
        },
      ],
    },
    options: {
      cutout: "62%",
      plugins: { legend: { position: "right" } },
    },
    plugins: [centreTotal],
  });
}
