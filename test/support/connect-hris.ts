// What the HRIS connector end-to-end tests (Personio, Merge) share: the connector service in
// the test process on the test's topics and database, a connection saved as `connect add`
// saves it, and the trends read back to compare with a stand-in's own counts.

import { envSchema, type RunningConnect, startConnectService } from "@hr-radar/connect";
import { type ConnectionInput, connectionSchema, saveConnection } from "@hr-radar/connectors";
import type { ExpectedWorkforceCounts } from "@hr-radar/vendor-standins";
import type { Kafka } from "kafkajs";
import pino from "pino";
import { inject, onTestFinished } from "vitest";
import type { TestDatabase } from "./database.ts";
import { topicRecords } from "./kafka-admin.ts";
import { TEST_EMPLOYEE_KEY_SECRET } from "./services.ts";
import { waitUntilApplied } from "./wait.ts";

/** Saves a connection as `hr-radar connect add` does (schedules far apart: the test drives the runs). */
export async function addConnection(
  database: TestDatabase,
  input: Omit<ConnectionInput, "schedule" | "snapshotSchedule">,
): Promise<void> {
  await saveConnection(
    database.client.db,
    connectionSchema.parse({ schedule: "0 0 1 1 *", snapshotSchedule: null, ...input }),
  );
}

/** The connector service in this process, producing to `headcountTopic`; stopped when the test ends. */
export async function startConnect(database: TestDatabase, headcountTopic: string): Promise<RunningConnect> {
  const env = envSchema.parse({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    HEADCOUNT_TOPIC: headcountTopic,
    TICKETS_TOPIC: `${headcountTopic}-unused`,
    EMPLOYEE_KEY_SECRET: TEST_EMPLOYEE_KEY_SECRET,
    CONNECT_PORT: "0",
    CONNECT_RELOAD_MS: "600000",
    CONNECT_HTTP_MAX_DELAY_MS: "5000",
  });
  const running = await startConnectService(env, pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
  let stopped = false;
  onTestFinished(async () => {
    if (!stopped) await running.stop();
  });
  const stop = running.stop.bind(running);
  return Object.assign(running, {
    stop: async () => {
      stopped = true;
      await stop();
    },
  });
}

/** The environment a spawned connect process needs for the same topics and database. */
export function connectEnv(database: TestDatabase, headcountTopic: string): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    HEADCOUNT_TOPIC: headcountTopic,
    TICKETS_TOPIC: `${headcountTopic}-unused`,
    EMPLOYEE_KEY_SECRET: TEST_EMPLOYEE_KEY_SECRET,
    CONNECT_PORT: "0",
    CONNECT_RELOAD_MS: "600000",
  };
}

/** Waits until the ingest applied everything on the topic and the trends are current; returns the record count. */
export async function waitForTrends(database: TestDatabase, kafka: Kafka, topic: string): Promise<number> {
  const target = await topicRecords(kafka, topic);
  await waitUntilApplied(database.sql, { label: "connector events", topic, target, timeoutMs: 60_000 });
  return target;
}

/** An organisation's trends in the shape of a stand-in's expected counts. */
export async function trendCounts(
  database: TestDatabase,
  organisationId: string,
  since: string,
  today: string,
): Promise<
  Omit<ExpectedWorkforceCounts, "jobTitlesToday"> & {
    hrTeamToday: { generalists: number; specialists: Record<string, number> } | null;
  }
> {
  const days = await database.sql<{ day: string; headcount: number; hires: number; terminations: number }[]>`
    select day::text, headcount, hires, terminations from headcount_daily
    where organisation_id = ${organisationId} order by day`;
  const nonZero = (key: "hires" | "terminations") =>
    Object.fromEntries(days.filter((d) => d.day >= since && d[key] > 0).map((d) => [d.day, d[key]]));
  const departments = await database.sql<{ department: string; headcount: number }[]>`
    select department, headcount from headcount_daily_by_department
    where organisation_id = ${organisationId} and day = ${today} and headcount > 0`;
  const [team] = await database.sql<{ generalists: number; specialists: Record<string, number> }[]>`
    select generalists, specialists from hr_team_daily where organisation_id = ${organisationId} and day = ${today}`;
  return {
    hiresByDay: nonZero("hires"),
    terminationsByDay: nonZero("terminations"),
    headcountToday: days.find((d) => d.day === today)?.headcount ?? -1,
    departmentsToday: Object.fromEntries(departments.map((d) => [d.department, d.headcount])),
    headcountByDay: Object.fromEntries(days.filter((d) => d.day <= today).map((d) => [d.day, d.headcount])),
    hrTeamToday: team ? { generalists: team.generalists, specialists: team.specialists } : null,
  };
}

/** The HR team the default mapping makes of the stand-ins' job titles. */
export function expectedHrTeam(jobTitles: Record<string, number>): {
  generalists: number;
  specialists: Record<string, number>;
} {
  const n = (title: string) => jobTitles[title] ?? 0;
  const specialists: Record<string, number> = {};
  if (n("Recruiter") > 0) specialists.recruiting = n("Recruiter");
  if (n("Payroll Specialist") > 0) specialists.payroll = n("Payroll Specialist");
  return { generalists: n("HR Generalist") + n("HR Business Partner"), specialists };
}
