import type { Database } from "@hr-radar/db";
import { setting } from "./config.ts";
import { CliError } from "./errors.ts";

/**
 * Runs `work` with a connection to the stack's database (DATABASE_URL, or the running
 * stack's), closing it afterwards; an unreachable server becomes a message saying what to do.
 */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const url = setting("DATABASE_URL");
  // loaded on use, like every heavy module of the CLI, so --help and argument errors answer at once
  const { connectDatabase } = await import("@hr-radar/db");
  const client = connectDatabase(url, { max: 2, applicationName: "hr-radar-cli" });
  try {
    return await work(client.db);
  } catch (error) {
    const code = rootCode(error);
    if (code === "ECONNREFUSED" || code === "ENOTFOUND") {
      throw new CliError(`cannot reach Postgres at ${new URL(url).host} (${code}): is \`hr-radar up\` running?`);
    }
    if (code === "3D000")
      throw new CliError(
        `database ${new URL(url).pathname.slice(1)} does not exist: run \`hr-radar up\` once to create it`,
      );
    if (code === "42P01")
      throw new CliError("the database is not migrated: run `hr-radar up` (or `pnpm migrate`) first");
    throw error;
  } finally {
    await client.close();
  }
}

function rootCode(error: unknown): string | undefined {
  let current = error;
  while (current instanceof Error) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = current.cause;
  }
  return undefined;
}
