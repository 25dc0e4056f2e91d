// An alert's evidence, in words a reader can check: what was measured over which weeks,
// against which thresholds, the trend and projected crossing, the cost comparison, and
// the organisation as the rules saw it. Fields this page does not know are still shown,
// generically, so a newer rule's evidence is never hidden.
import { definitionList, el } from "./dom.js";
import {
  formatDay,
  formatFte,
  formatInUnit,
  formatMoney,
  formatNumber,
  formatPercent,
  functionLabel,
  humanise,
  plural,
} from "./format.js";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/**
 * The fields of the rules' Evidence this page lays out specially, each with the shape it
 * expects. A field that does not have its shape is shown generically instead.
 */
const SHAPES = {
  metric: (v) => typeof v === "string",
  unit: (v) => typeof v === "string",
  window: (v) => isObject(v) && typeof v.start === "string" && typeof v.end === "string" && isNumber(v.weeks),
  values: (v) => Array.isArray(v) && v.every((w) => isObject(w) && typeof w.weekStart === "string"),
  average: isNumber,
  latest: isNumber,
  thresholds: (v) => isObject(v) && isNumber(v.raise) && isNumber(v.clear),
  sustain: (v) => isObject(v) && isNumber(v.weeksBeyondRaise) && isNumber(v.raiseMinWeeks),
  trend: (v) => isObject(v) && isNumber(v.slopePerWeek) && typeof v.direction === "string",
  projection: (v) => isObject(v) && typeof v.expectedDate === "string" && isNumber(v.threshold),
  handlingTime: (v) => isObject(v) && typeof v.defaultsUsed === "boolean" && isNumber(v.measuredHours),
  cost: (v) => isObject(v) && typeof v.currency === "string" && isNumber(v.currentAnnualCost),
  organisation: (v) => isObject(v) && isNumber(v.headcount),
};

/** The evidence object as headed fact lists and a weekly values table. */
export function renderEvidence(evidence) {
  const known = {};
  const generic = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === null) continue; // the rules' way of saying "does not apply"
    if (key === "details" && isObject(value)) generic.push(...Object.entries(value));
    else if (SHAPES[key]?.(value)) known[key] = value;
    else generic.push([key, value]);
  }
  const inUnit = (value) => formatInUnit(value, known.unit);
  const section = el("div", { className: "evidence", dataset: { testid: "evidence" } });

  const measurement = [
    ["Measured", known.metric && humanise(known.metric)],
    ["Window", known.window && windowText(known.window)],
    ["Average", known.average !== undefined && inUnit(known.average)],
    ["Latest week", known.latest !== undefined && inUnit(known.latest)],
    ["Thresholds", known.thresholds && thresholdText(known.thresholds, inUnit)],
    ["Sustained", known.sustain && sustainText(known.sustain)],
    ["Trend", known.trend && trendText(known.trend, known.unit)],
  ].filter(([, value]) => value);
  if (measurement.length > 0) section.append(subsection("Measurement", definitionList(measurement)));
  if (known.projection) section.append(projectionBlock(known.projection, inUnit));
  if (known.values?.length) section.append(valuesTable(known.values, known.thresholds ?? null, inUnit));
  if (known.handlingTime) section.append(handlingTimeBlock(known.handlingTime));
  if (known.cost) section.append(costBlock(known.cost));
  if (known.organisation) section.append(organisationBlock(known.organisation));
  if (generic.length > 0) {
    section.append(
      subsection("Details", definitionList(generic.map(([key, value]) => [humanise(key), genericValue(value)]))),
    );
  }
  return section;
}

function subsection(title, ...content) {
  return el("section", { className: "evidence-block" }, el("h4", {}, title), ...content);
}

function windowText(window) {
  return `${formatDay(window.start)} – ${formatDay(window.end)} (${plural(window.weeks, "week")})`;
}

function thresholdText(thresholds, inUnit) {
  const [raise, clear] = thresholds.direction === "below" ? ["below", "above"] : ["above", "below"];
  return `raised ${raise} ${inUnit(thresholds.raise)}, cleared ${clear} ${inUnit(thresholds.clear)}`;
}

function sustainText(sustain) {
  return (
    `beyond the raise threshold in ${sustain.weeksBeyondRaise} weeks (${sustain.raiseMinWeeks} needed); ` +
    `${plural(sustain.consecutiveWeeksBeyondClear, "consecutive week")} past the clear threshold ` +
    `(${sustain.clearConsecutiveWeeks} clear it)`
  );
}

function trendText(trend, unit) {
  const perWeek = unit === "fte" ? `${formatNumber(trend.slopePerWeek, 3)} FTE` : formatNumber(trend.slopePerWeek, 3);
  const sign = trend.slopePerWeek > 0 ? "+" : "";
  return `${trend.direction}, ${sign}${perWeek} a week (R² ${formatNumber(trend.rSquared, 2)} over ${plural(trend.weeks, "week")})`;
}

const BASIS = {
  "load-trend": "the load trend",
  "headcount-plan": "the headcount plan",
  "headcount-trend": "the headcount trend",
  "hiring-plan": "the hiring plan",
  "hiring-trend": "the hiring trend",
};

function projectionBlock(projection, inUnit) {
  return subsection(
    "Projected crossing",
    el(
      "p",
      { className: "projection-line", dataset: { testid: "evidence-projection" } },
      "Crosses ",
      el("strong", {}, inUnit(projection.threshold)),
      " in the week of ",
      el("strong", {}, formatDay(projection.expectedDate)),
      ` (${plural(projection.weeksAhead, "week")} ahead, on ${BASIS[projection.basis] ?? humanise(projection.basis)}).`,
    ),
    definitionList([
      ["Now", inUnit(projection.currentValue)],
      ["Projected", inUnit(projection.projectedValue)],
      ["Horizon", plural(projection.horizonWeeks, "week")],
      [
        "Plan",
        projection.plan
          ? `${formatNumber(projection.plan.plannedHeadcount)} employees by ${formatDay(projection.plan.plannedBy)}`
          : null,
      ],
    ]),
  );
}

function valuesTable(values, thresholds, inUnit) {
  const beyond = (value) =>
    thresholds !== null &&
    value !== null &&
    (thresholds.direction === "below" ? value <= thresholds.raise : value >= thresholds.raise);
  const table = el(
    "table",
    { className: "values-table", dataset: { testid: "evidence-values" } },
    el("caption", {}, "Weekly values"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Week of"), el("th", { scope: "col" }, "Value"))),
    el(
      "tbody",
      {},
      values.map((week) =>
        el(
          "tr",
          { className: beyond(week.value) ? "is-beyond" : "" },
          el("td", {}, formatDay(week.weekStart)),
          el(
            "td",
            {},
            inUnit(week.value),
            beyond(week.value) ? el("span", { className: "visually-hidden" }, " (beyond threshold)") : null,
          ),
        ),
      ),
    ),
  );
  return el("div", { className: "values-scroll" }, table);
}

function handlingTimeBlock(handling) {
  return subsection(
    "Handling time",
    definitionList([
      ["Measured hours", formatNumber(handling.measuredHours, 1)],
      ["Estimated hours", formatNumber(handling.estimatedHours, 1)],
      [
        "Defaults used",
        handling.defaultsUsed
          ? `yes: ${plural(handling.ticketsEstimated, "ticket")} at ${handling.defaultMinutesPerTicket} min (${formatPercent(handling.estimatedShare)} of hours)`
          : "no",
      ],
    ]),
  );
}

function costBlock(cost) {
  const money = (amount) => `${formatMoney(amount, cost.currency)} a year`;
  return subsection(
    "Cost",
    definitionList([
      ["Generalist time on it", `${money(cost.generalistTimeAnnualCost)} (${formatFte(cost.loadFte)})`],
      ["Outsourcing spend", money(cost.outsourcingAnnualSpend)],
      ["Current cost", money(cost.currentAnnualCost)],
      ["A specialist", money(cost.specialistAnnualCost)],
      ["Ratio", `${formatNumber(cost.ratio, 2)} (1 is break-even)`],
    ]),
  );
}

function organisationBlock(organisation) {
  const specialists = Object.entries(organisation.specialists ?? {}).filter(([, n]) => n > 0);
  const benchmark = organisation.hrRatioBenchmark;
  return subsection(
    "Organisation, as analysed",
    definitionList([
      ["Headcount", `${formatNumber(organisation.headcount)} (${organisation.sizeBand} size band)`],
      ["Industry", organisation.industry ? humanise(organisation.industry) : null],
      ["Generalists", formatNumber(organisation.generalists)],
      [
        "Specialists",
        specialists.length ? specialists.map(([fn, n]) => `${functionLabel(fn)} ${n}`).join(", ") : "none",
      ],
      [
        "HR staff per 100",
        organisation.hrStaffPer100 === null
          ? null
          : `${formatNumber(organisation.hrStaffPer100)}${benchmark ? ` (benchmark ${formatNumber(benchmark.lowPer100)}–${formatNumber(benchmark.highPer100)})` : ""}`,
      ],
      ["Budget", organisation.budgetMode ? humanise(organisation.budgetMode) : null],
    ]),
  );
}

/** Any JSON value, readably: lists joined, objects as nested fact lists. */
function genericValue(value) {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object"))
      return value.map((item) => genericValue(item)).join(", ");
    return el(
      "ul",
      { className: "plain-list" },
      value.map((item) => el("li", {}, genericValue(item))),
    );
  }
  if (typeof value === "object")
    return definitionList(
      Object.entries(value).map(([k, v]) => [humanise(k), genericValue(v)]),
      "facts facts--nested",
    );
  if (typeof value === "number") return formatNumber(value, 3);
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/**
 * An alert's evidence, reason by reason: one block per rule behind its recommendation,
 * headed by the rule and its own sentence. An alert stored before reasons existed (or with
 * a single reason) shows its evidence as one block, as before.
 */
export function renderReasonsEvidence(alert) {
  const reasons = Array.isArray(alert.reasons) ? alert.reasons.filter(isObject) : [];
  if (reasons.length <= 1) return renderEvidence(alert.evidence ?? {});
  return el(
    "div",
    { className: "reasons-evidence" },
    reasons.map((reason) =>
      el(
        "section",
        { className: "reason-evidence", dataset: { testid: "reason-evidence", ruleId: String(reason.ruleId) } },
        el("h4", { className: "reason-title" }, el("code", {}, `${reason.ruleId}@${reason.ruleVersion}`)),
        renderEvidence(isObject(reason.evidence) ? reason.evidence : {}),
      ),
    ),
  );
}
