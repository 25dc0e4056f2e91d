// Words and numbers for the dashboard. Dates are calendar days (YYYY-MM-DD) from the API,
// so they are formatted in UTC: the browser's own zone must not shift a day.

const FUNCTION_LABELS = {
  recruiting: "Recruiting",
  compensation: "Compensation",
  benefits: "Benefits",
  payroll: "Payroll",
  employee_relations: "Employee relations",
  learning_development: "Learning & development",
  compliance: "Compliance",
  health_safety: "Health & safety",
  onboarding: "Onboarding",
  hr_operations: "HR operations",
  unmapped: "Unmapped",
};

/** The HR functions in the order the article lists them, then the unmapped bucket. */
export const FUNCTION_ORDER = Object.keys(FUNCTION_LABELS);

const RECOMMENDATION_LABELS = {
  hire_specialist: "Hire a specialist",
  add_generalist: "Add a generalist",
  outsource: "Outsource",
  plan_specialist: "Plan a specialist",
  no_change: "No change",
};

/** "Health & safety" for `health_safety`; an unknown id is shown as it came. */
export function functionLabel(hrFunction) {
  return FUNCTION_LABELS[hrFunction] ?? humanise(hrFunction);
}

/** "Hire a specialist" for `hire_specialist`. */
export function recommendationLabel(recommendation) {
  return RECOMMENDATION_LABELS[recommendation] ?? humanise(recommendation);
}

/** `uncovered_load_fte` → "Uncovered load fte"; camelCase keys split too. */
export function humanise(id) {
  const words = String(id)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .replaceAll("-", " ")
    .toLowerCase()
    .replace(/\bfte\b/g, "FTE");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Up to `decimals` places, trailing zeros dropped, thousands grouped: 0.9, 1,240. */
export function formatNumber(value, decimals = 2) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-GB", { maximumFractionDigits: decimals });
}

/** "0.93 FTE". */
export function formatFte(value) {
  return value === null || value === undefined ? "—" : `${formatNumber(value)} FTE`;
}

/** "31%" for 0.31. */
export function formatPercent(share) {
  return typeof share === "number" ? `${formatNumber(share * 100, 1)}%` : "—";
}

/** "$87,750" for USD, "87,750 EUR" otherwise. */
export function formatMoney(amount, currency) {
  const digits = formatNumber(Math.round(amount), 0);
  return currency === "USD" ? `$${digits}` : `${digits} ${currency}`;
}

/** A value in an evidence unit: FTE, a share, per 100 employees. */
export function formatInUnit(value, unit) {
  if (value === null || value === undefined) return "—";
  switch (unit) {
    case "fte":
      return formatFte(value);
    case "share":
      return formatPercent(value);
    case "per_100_employees":
      return `${formatNumber(value)} per 100 employees`;
    case "generalists":
      return `${formatNumber(value)} generalists`;
    default:
      return formatNumber(value, 3);
  }
}

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

function parseDay(day) {
  return new Date(`${day}T00:00:00Z`);
}

/** "3 Mar 2025". */
export function formatDay(day) {
  return day ? longDate.format(parseDay(day)) : "—";
}

/** "3 Mar", for chart axes. */
export function formatShortDay(day) {
  return shortDate.format(parseDay(day));
}

/** "5 Mar 2025, 10:00 UTC" for an ISO instant. */
export function formatInstant(instant) {
  return instant ? dateTime.format(new Date(instant)) : "—";
}

/** "1 week", "4 weeks". */
export function plural(count, noun) {
  return `${formatNumber(count)} ${noun}${count === 1 ? "" : "s"}`;
}
