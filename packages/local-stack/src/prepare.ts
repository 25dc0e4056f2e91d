import { migrateDatabase } from "@hr-radar/db";
import { DEFAULT_TOPICS } from "@hr-radar/events";
import { ensureTopic } from "@hr-radar/service-kit";
import { Kafka, logLevel } from "kafkajs";
import postgres from "postgres";

/** The same server URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the database named in `databaseUrl` if it is missing, then migrates it. Idempotent. */
export async function prepareDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const sql = postgres(withDatabase(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
  let created = false;
  try {
    const [exists] = await sql`select 1 as found from pg_database where datname = ${database}`;
    if (!exists) {
      await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
      created = true;
    }
  } finally {
    await sql.end();
  }
  await migrateDatabase(databaseUrl);
  return { created };
}

/** The pipeline's topics, created if missing (the DLQs are created by the ingest services). */
export async function prepareTopics(
  brokers: string[],
  partitions: number,
  topics: readonly string[] = [DEFAULT_TOPICS.headcount, DEFAULT_TOPICS.tickets, DEFAULT_TOPICS.alerts],
): Promise<void> {
  const kafka = new Kafka({ clientId: "hr-radar-prepare", brokers, logLevel: logLevel.NOTHING });
  for (const topic of topics) await ensureTopic(kafka, topic, partitions);
}

/** Drops a database, closing its sessions first (test and demo databases only). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const sql = postgres(withDatabase(serverUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await sql.end();
  }
}

/** A URL fit for a log line: the password, if any, masked. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
