import { toCsv } from "@hr-radar/queries/csv";

/** How list commands print. */
export const FORMATS = ["table", "json", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** A column of a table: its header and how to show a row's value. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  align?: "left" | "right";
  /** Longest width in the table view; longer text is cut with an ellipsis. */
  maxWidth?: number;
}

/**
 * Rows as a padded text table, JSON (an array, pretty-printed) or CSV (RFC 4180). JSON and
 * CSV keep every field; the table shows the chosen columns. An empty table says so.
 */
export function render<Row extends Record<string, unknown>>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  format: Format,
  empty = "(no rows)",
): string {
  if (format === "json") return `${JSON.stringify(rows.map(rfc3339Times), null, 2)}\n`;
  if (format === "csv")
    return toCsv(rows.map(rfc3339Times), rows.length > 0 ? Object.keys(rows[0]!) : columns.map((c) => c.header));
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((row) => columns.map((c) => clip(show(c.value(row)), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === "right" ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n")}\n`;
}

// Postgres' text form of a timestamptz, e.g. `2026-10-06 08:58:27.422+00`
const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/;

/**
 * A row with every timestamp in RFC 3339 (`2026-10-06T08:58:27.422Z`), as scripts and
 * spreadsheets expect, whatever text form the database gave it; nested objects too.
 */
export function rfc3339Times<T>(value: T): T {
  if (typeof value === "string" && POSTGRES_TIMESTAMP.test(value)) {
    const at = new Date(value.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00"));
    return (Number.isNaN(at.getTime()) ? value : at.toISOString()) as T;
  }
  if (Array.isArray(value)) return value.map(rfc3339Times) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rfc3339Times(v)])) as T;
  return value;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(rfc3339Times(value));
}

function clip(text: string, max: number | undefined): string {
  return max !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
