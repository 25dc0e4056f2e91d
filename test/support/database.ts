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
  const { drop, ...database } = await openTestDatabase();
  onTestFinished(drop);
  return database;
}

/**
 * A fresh, migrated database that the caller drops: for a file that shares one database
 * across its tests (opened in beforeAll, dropped by the hook's teardown).
 */
export async function openTestDatabase(): Promise<TestDatabase & { drop(): Promise<void> }> {
  const server = inject("postgresUrl");
  const name = `hr_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await createDatabase(server, name, inject("templateDatabase"));
  const url = databaseUrl(server, name);
  const client = connectDatabase(url, { max: 4, applicationName: "hr-radar-test" });
  const drop = async () => {
    await client.close();
    await dropDatabase(server, name);
  };
  return { url, client, sql: client.sql, drop };
}
