// The Postgres side of every harness: databases of a run's own on a shared server, created
// empty or cloned from a migrated template (dropping and URLs come from @hr-radar/local-stack,
// as for `hr-radar up`). Nothing here depends on vitest.
import { dropDatabase, withDatabase } from "@hr-radar/local-stack";

export { dropDatabase } from "@hr-radar/local-stack";

import postgres from "postgres";

/** Runs one statement on its own short-lived connection to the server. */
async function adminStatement(serverUrl: string, statement: string): Promise<void> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

/** Creates a database, empty or cloned from `template`. */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  // Cloning needs the template to have no sessions; a pool closed a moment ago may
  // still be logging off on the server side.
  for (let attempt = 1; ; attempt++) {
    try {
      await adminStatement(serverUrl, `create database "${name}"${template ? ` template "${template}"` : ""}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

/** The databases of one run on one server: created fresh, dropped at the end (unless `keep`). */
export function databaseServer(serverUrl: string, { keep }: { keep: boolean }) {
  const created = new Set<string>();
  return {
    url: (name: string): string => withDatabase(serverUrl, name),
    /** A new database, empty or cloned from `template`; returns its name. */
    async create(name: string, template?: string): Promise<string> {
      await createDatabase(serverUrl, name, template);
      created.add(name);
      return name;
    },
    async drop(name: string): Promise<void> {
      if (keep) return;
      await dropDatabase(serverUrl, name);
      created.delete(name);
    },
    async dropAll(): Promise<void> {
      for (const name of [...created].reverse()) await this.drop(name);
    },
  };
}

/** The same server URL with another database name. */
export const databaseUrl = withDatabase;
