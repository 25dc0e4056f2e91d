import { HR_FUNCTIONS, UNMAPPED } from "@hr-radar/policy";
import { isCalendarDate } from "@hr-radar/queries/dates";
import { InvalidArgumentError, Option } from "commander";
import { CliError } from "../errors.ts";

/** --function, limited to the HR functions (and `unmapped`). */
export const functionOption = () =>
  new Option("--function <hrFunction>", "only this HR function").choices([...HR_FUNCTIONS, UNMAPPED]);

/** A positive integer argument, or a clear message (exit 2). */
export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${name} must be a positive whole number, got '${value}'`, 2);
  return n;
}

/**
 * A YYYY-MM-DD calendar date option parser, with the check the API applies: Date.parse
 * rolled 2026-02-30 over to March and Postgres then refused it with a stack trace.
 */
export function isoDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError(`expected a date like 2026-01-31, got '${value}'`);
  return value;
}

/** A port number option parser. */
export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError(`expected a port 0-65535, got '${value}'`);
  return n;
}
