import { HR_FUNCTIONS, UNMAPPED } from "@hr-radar/policy";
import { isCalendarDate } from "@hr-radar/queries/dates";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DATA_DIR_ENV, DEFAULT_DATA_DIR } from "../config.ts";
import { CliError } from "../errors.ts";
import { FORMATS } from "../output.ts";

/** --function, limited to the HR functions (and `unmapped`). */
export const functionOption = () =>
  new Option("--function <hrFunction>", "only this HR function").choices([...HR_FUNCTIONS, UNMAPPED]);

/** -f/--format table|json|csv, the same on every command that prints data. */
export const formatOption = (defaultFormat: (typeof FORMATS)[number] = "table") =>
  new Option("-f, --format <format>", "output format").choices(FORMATS).default(defaultFormat);

/**
 * --data-dir, on every command: where `up`/`demo` keep their data and the stack file, and
 * where the other commands look for the running stack. HR_RADAR_DATA_DIR sets it too.
 */
export const dataDirOption = () =>
  new Option("--data-dir <dir>", "the stack's data dir (Kafka and Postgres data, logs, stack.env)")
    .env(DATA_DIR_ENV)
    .default(DEFAULT_DATA_DIR, ".hr-radar/ in the checkout");

/**
 * Adds --data-dir to every command that runs something (for a command with subcommands: to
 * each of them), so a command added later finds the stack the same way.
 */
export function addDataDirEverywhere(command: Command): void {
  for (const sub of command.commands) {
    // not on the parent too: commander would let the parent take the option from its subcommand
    if (sub.commands.length > 0) addDataDirEverywhere(sub);
    else if (!sub.options.some((o) => o.long === "--data-dir")) sub.addOption(dataDirOption());
  }
}

/** A positive integer argument, or a clear message (exit 2). */
export function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${name} must be a positive whole number, got '${value}'`, 2);
  return n;
}

/** A whole-number option parser (commander reports the option and exits 2 before anything starts). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  return n;
}

/** A whole number in `min..max`, as an option parser. */
export function wholeNumberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = wholeNumber(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected ${min}..${max}, got '${value}'`);
    return n;
  };
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
