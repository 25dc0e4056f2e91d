// Prepares local infrastructure for `pnpm dev`: the database (created if missing, then
// migrated) and the topics (created if missing). Idempotent.
import { DEFAULT_TOPICS } from "@hr-radar/events";
import { migrateDatabase } from "@hr-radar/db";
import { ensureTopic } from "@hr-radar/service-kit";
import { Kafka, logLevel } from "kafkajs";
import postgres from "postgres";

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("prepare: DATABASE_URL is required");
  process.exit(2);
}

const url = new URL(databaseUrl);
const database = url.pathname.slice(1);
const server = new URL(databaseUrl);
server.pathname = "/postgres";
const sql = postgres(server.toString(), { max: 1, onnotice: () => {} });
const [exists] = await sql`select 1 as found from pg_database where datname = ${database}`;
if (!exists) {
  await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  console.log(`prepare: created database ${database}`);
}
await sql.end();
await migrateDatabase(databaseUrl);
console.log(`prepare: database ${database} migrated`);

const kafka = new Kafka({ clientId: "hr-radar-dev", brokers, logLevel: logLevel.NOTHING });
const partitions = Number(process.env.TOPIC_PARTITIONS ?? 6);
const wanted = [DEFAULT_TOPICS.headcount, DEFAULT_TOPICS.tickets, DEFAULT_TOPICS.alerts];
for (const topic of wanted) await ensureTopic(kafka, topic, partitions);
console.log(`prepare: topics ${wanted.join(", ")} ready`);
