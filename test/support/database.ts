import { randomUUID } from "node:crypto";
import { connectDatabase, type DatabaseClient } from "@hr-radar/db";
import postgres from "postgres";
import { inject, onTestFinished } from "vitest";
import { databaseUrl } from "./global-setup.ts";

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
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${inject("templateDatabase")}"`);
  const url = databaseUrl(server, name);
  const client = connectDatabase(url, { max: 4, applicationName: "hr-radar-test" });
  onTestFinished(async () => {
    await client.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  return { url, client, sql: client.sql };
}
