import { z } from "zod";

/** How trend rows are grouped: calendar day, ISO week (Monday start) or calendar month. */
export const GRAINS = ["day", "week", "month"] as const;
export type Grain = (typeof GRAINS)[number];
export const grainSchema = z.enum(GRAINS);

/** A calendar date, YYYY-MM-DD. */
export const isoDateSchema = z.iso.date();

/** An inclusive date range; either end may be open. */
export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * SQL fragments naming a period: its first day and its label ("2026-W05", "2026-01",
 * "2026-01-31"). Kept as literal SQL text (never user input) because the grain is an enum.
 */
export function periodSql(grain: Grain, column: string): { start: string; label: string } {
  if (grain === "day") return { start: column, label: `to_char(${column}, 'YYYY-MM-DD')` };
  if (grain === "week")
    return { start: `date_trunc('week', ${column})::date`, label: `to_char(${column}, 'IYYY-"W"IW')` };
  return { start: `date_trunc('month', ${column})::date`, label: `to_char(${column}, 'YYYY-MM')` };
}

/** `days` before `day` (YYYY-MM-DD), as YYYY-MM-DD. */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
