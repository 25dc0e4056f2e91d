import { randomUUID } from "node:crypto";
import { connectDatabase, type DatabaseClient } from "@hr-radar/db";
import type postgres from "postgres";
import { inject, onTestFinished } from "vitest";
import { createDatabase, databaseUrl, dropDatabase } from "./postgres-admin.ts";

/** A database of the test's own, cloned from the migrated template, dropped afterwards. */
export interface TestDatabase {
  url: string;
  client: DatabaseClient;
  /** Raw queries for assertions. */
  sql: postgres.Sql;
}

/** Creates a fresh, migrated database for the current test and drops it when it ends. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject("postgresUrl");
  const name = `hr_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await createDatabase(server, name, inject("templateDatabase"));
  const url = databaseUrl(server, name);
  const client = connectDatabase(url, { max: 4, applicationName: "hr-radar-test" });
  onTestFinished(async () => {
    await client.close();
    await dropDatabase(server, name);
  });
  return { url, client, sql: client.sql };
}
