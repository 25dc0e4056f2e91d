import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError } from "./errors.ts";

/** The data dir when neither --data-dir nor HR_RADAR_DATA_DIR says otherwise: `.hr-radar/` in the checkout. */
export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, "../../../.hr-radar");

/** The environment variable behind every command's --data-dir. */
export const DATA_DIR_ENV = "HR_RADAR_DATA_DIR";

/** Where a running stack can be reached; written by `up`/`demo`, read by the query commands. */
export interface StackFile {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
  API_URL: string;
  /** The connector service's webhook address. */
  CONNECT_URL: string;
  /** Topics of the stack (the demo uses its own). */
  HEADCOUNT_TOPIC: string;
  TICKETS_TOPIC: string;
  ALERTS_TOPIC: string;
}

/** Which data dir a command uses, and what chose it (commander's option value source). */
export interface StackLocation {
  dataDir: string;
  /** `cli`: --data-dir; `env`: HR_RADAR_DATA_DIR; `default`: `.hr-radar/` in the checkout. */
  source: "cli" | "env" | "default";
}

// One CLI process runs one command, so the location its --data-dir names is set once, by
// main.ts before the action runs; every command (and any added later) then finds the same
// stack without threading the option through each call.
let current: StackLocation = { dataDir: DEFAULT_DATA_DIR, source: "default" };

/** Sets where this process's command looks for the stack (main.ts, from --data-dir). */
export function useStackLocation(location: StackLocation): void {
  current = { ...location, dataDir: resolve(location.dataDir) };
}

/** Where this process's command looks for the stack. */
export function stackLocation(): StackLocation {
  return current;
}

/** The stack file of a data dir. */
export const stackFilePath = (dataDir: string): string => join(dataDir, "stack.env");

const render = (stack: StackFile) =>
  `${Object.entries(stack)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n")}\n`;

/** Writes the stack file (mode 0600: the database URL may hold a password). */
export async function writeStackFile(dataDir: string, stack: StackFile): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(stackFilePath(dataDir), render(stack), { mode: 0o600 });
}

/**
 * Removes the stack file when the stack that wrote it stops, so the query commands say no
 * stack is running instead of trying a dead one; a file another stack has since written is left.
 */
export async function removeStackFile(dataDir: string, stack: StackFile): Promise<void> {
  const path = stackFilePath(dataDir);
  const text = await readFile(path, "utf8").catch(() => null);
  if (text === render(stack)) await rm(path, { force: true });
}

function readStackFile(dataDir: string): Partial<StackFile> | null {
  const path = stackFilePath(dataDir);
  if (!existsSync(path)) return null;
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

const SOURCE_WORDS: Record<StackLocation["source"], string> = {
  cli: "--data-dir",
  env: DATA_DIR_ENV,
  default: `the default data dir; --data-dir or ${DATA_DIR_ENV} name another`,
};

/**
 * A setting for a query command. An explicit `--data-dir` means that stack: only its stack
 * file counts, not the environment. Otherwise the environment (e.g. DATABASE_URL) first, then
 * the stack file in HR_RADAR_DATA_DIR or the default data dir. None: a message that says
 * where it looked and what to do.
 */
export function setting(name: keyof StackFile, where: StackLocation = current): string {
  const value = optionalSetting(name, where);
  if (value) return value;
  const file = stackFilePath(where.dataDir);
  const found = readStackFile(where.dataDir) !== null;
  throw new CliError(
    found
      ? `${name} is not set, and the stack file ${file} (${SOURCE_WORDS[where.source]}) does not name it: restart \`./hr-radar up\`, or set ${name}`
      : `no running stack found: ${name} is not set, and there is no stack file at ${file} (${SOURCE_WORDS[where.source]}). ` +
          `Start one with \`./hr-radar up\` (it writes that file), pass --data-dir DIR of a running \`up --data-dir DIR\`, or set ${name}`,
    2,
  );
}

/** A setting if the stack or the environment has it (topics, the API URL: optional extras). */
export function optionalSetting(name: keyof StackFile, where: StackLocation = current): string | undefined {
  const fromFile = () => readStackFile(where.dataDir)?.[name] || undefined;
  // an explicit --data-dir names one stack: its file or nothing, never another's settings
  return where.source === "cli" ? fromFile() : process.env[name] || fromFile();
}
