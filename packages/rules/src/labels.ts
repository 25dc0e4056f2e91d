import type { HrFunction } from "@hr-radar/policy";

// Words and numbers for summaries. Formatting is done by hand rather than with a
// locale, so a summary is the same string on every machine.

const FUNCTION_NAMES: Record<HrFunction, string> = {
  recruiting: "recruiting",
  compensation: "compensation",
  benefits: "benefits",
  payroll: "payroll",
  employee_relations: "employee relations",
  learning_development: "learning & development",
  compliance: "compliance",
  health_safety: "health & safety",
  onboarding: "onboarding",
  hr_operations: "HR operations",
};

/** The function as it reads mid-sentence, e.g. "employee relations". */
export function functionName(hrFunction: HrFunction): string {
  return FUNCTION_NAMES[hrFunction];
}

/** The sentence with its first letter upper-cased. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a benefits specialist", "an employee relations specialist". */
export function aSpecialist(hrFunction: HrFunction): string {
  const name = functionName(hrFunction);
  const article = /^[aeiou]/i.test(name) || name.startsWith("HR") ? "an" : "a";
  return `${article} ${name} specialist`;
}

/** Up to `decimals` places, trailing zeros dropped: 0.9, 0.85, 12. */
export function formatNumber(value: number, decimals = 2): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** "0.9 FTE". */
export function formatFte(value: number): string {
  return `${formatNumber(value)} FTE`;
}

/** "31%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "$87,750" for USD, "87,750 EUR" otherwise. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Math.round(amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return currency === "USD" ? `$${grouped}` : `${grouped} ${currency}`;
}

/** "1 week", "4 weeks". */
export function plural(count: number, noun: string): string {
  return `${formatNumber(count)} ${noun}${count === 1 ? "" : "s"}`;
}
