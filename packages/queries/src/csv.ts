/**
 * RFC 4180 CSV: a header row from `columns` (default: the first row's keys), CRLF line
 * ends, fields quoted when they hold a comma, quote or line break; objects as JSON; nulls
 * empty. Text cells that a spreadsheet would evaluate (starting with =, +, -, @, tab or CR)
 * get a leading apostrophe (OWASP's CSV-injection advice), since HR data reaches Excel. Only
 * text that is a plain decimal number is exempt (`-0.5` from a numeric column evaluates to
 * itself); `-1+1+cmd|...` starts like a number but is a formula.
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  const lines = [header.map(field).join(",")];
  for (const row of rows) lines.push(header.map((c) => field(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    typeof value === "object" ? (value instanceof Date ? value.toISOString() : JSON.stringify(value)) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
