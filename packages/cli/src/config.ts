import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError } from "./errors.ts";

/** Where `up` and `demo` keep Kafka's and Postgres' data, logs and the stack file. */
export const DEFAULT_DATA_DIR = process.env.HR_RADAR_DATA_DIR ?? resolve(import.meta.dirname, "../../../.hr-radar");

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
}

const stackFilePath = (dataDir: string) => join(dataDir, "stack.env");

export async function writeStackFile(dataDir: string, stack: StackFile): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    stackFilePath(dataDir),
    `${Object.entries(stack)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n")}\n`,
  );
}

function readStackFile(dataDir: string): Partial<StackFile> {
  const path = stackFilePath(dataDir);
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/**
 * A setting for a query command: the environment first, then the stack file of the last
 * `hr-radar up`/`demo`, else a message that says what to do.
 */
export function setting(name: keyof StackFile, dataDir = DEFAULT_DATA_DIR): string {
  const value = process.env[name] ?? readStackFile(dataDir)[name];
  if (!value)
    throw new CliError(
      `${name} is not set and no stack is running here: start one with \`hr-radar up\` (or \`hr-radar demo\`), or set ${name}`,
      2,
    );
  return value;
}
