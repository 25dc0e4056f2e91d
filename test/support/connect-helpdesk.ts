// What the helpdesk connector tests share: the ingest pipeline and a connector (in this
// process, or as its own process for the kill tests) on the test's own topics and database,
// connections with secrets in files of the test's own, and the weekly load read back in
// the shape the stand-ins count themselves in.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envSchema, type RunningConnect, startConnectService } from "@hr-radar/connect";
import { type ConnectionInput, connectionSchema, saveConnection } from "@hr-radar/connectors";
import type { ExpectedLoadWeek } from "@hr-radar/vendor-standins";
import pino from "pino";
import type postgres from "postgres";
import { expect, inject, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { eventually } from "./eventually.ts";
import { type IngestPipeline, startIngestPipeline, TEST_EMPLOYEE_KEY_SECRET } from "./services.ts";

/** A database, both ingests and a place for secret files, for one test. */
export interface HelpdeskStack {
  db: TestDatabase;
  pipeline: IngestPipeline;
  /** Writes a secret into a file of the test's own and returns its reference. */
  secret(name: string, value: string): { file: string };
  /** The connector's environment on this stack (for an in-process or a spawned connector). */
  connectEnv: Record<string, string>;
}

/** Starts the ingest pipeline into a fresh database. */
export async function startHelpdeskStack(): Promise<HelpdeskStack> {
  const db = await createTestDatabase();
  const pipeline = await startIngestPipeline(db.client);
  const dir = mkdtempSync(join(tmpdir(), "hr-radar-connect-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return {
    db,
    pipeline,
    secret(name, value) {
      const file = join(dir, name);
      writeFileSync(file, value, { mode: 0o600 });
      return { file };
    },
    connectEnv: {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: inject("kafkaBrokers"),
      HEADCOUNT_TOPIC: pipeline.headcountTopic,
      TICKETS_TOPIC: pipeline.ticketsTopic,
      EMPLOYEE_KEY_SECRET: TEST_EMPLOYEE_KEY_SECRET,
      CONNECT_PORT: "0",
      OPS_PORT: "0",
      CONNECT_RELOAD_MS: "500",
    },
  };
}

/** Stores a connection (validated as the CLI would). */
export async function addConnection(stack: HelpdeskStack, connection: ConnectionInput): Promise<void> {
  await saveConnection(stack.db.client.db, connectionSchema.parse(connection));
}

/** The connector service in this process, stopped when the test ends. */
export async function startConnectHere(stack: HelpdeskStack): Promise<RunningConnect> {
  const env = envSchema.parse(stack.connectEnv);
  const connect = await startConnectService(env, pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
  onTestFinished(() => connect.stop());
  return connect;
}

/** An organisation's `function_load_weekly` rows with any load, as the stand-ins count. */
export async function weeklyLoad(sql: postgres.Sql, organisationId: string): Promise<ExpectedLoadWeek[]> {
  const rows = await sql<
    {
      week_start: string;
      hr_function: string;
      opened: number;
      resolved: number;
      escalated: number;
      minutes: number;
      without: number;
    }[]
  >`
    select week_start::text, hr_function, tickets_opened::int as opened, tickets_resolved::int as resolved,
           tickets_escalated::int as escalated, handling_minutes::float8 as minutes,
           resolved_without_minutes::int as without
    from function_load_weekly
    where organisation_id = ${organisationId}
      and (tickets_opened > 0 or tickets_resolved > 0 or tickets_escalated > 0)
    order by week_start, hr_function`;
  return rows.map((r) => ({
    weekStart: r.week_start,
    hrFunction: r.hr_function,
    opened: r.opened,
    resolved: r.resolved,
    escalated: r.escalated,
    handlingMinutes: r.minutes,
    resolvedWithoutMinutes: r.without,
  }));
}

/** Waits until the organisation's weekly load equals the stand-in's own counts (and shows the difference if not). */
export async function expectLoadToEqual(
  stack: HelpdeskStack,
  organisationId: string,
  expected: () => ExpectedLoadWeek[],
  timeoutMs = 60_000,
): Promise<void> {
  await eventually(async () => {
    const [stale] = await stack.db.sql<{ n: number }[]>`select count(*)::int as n from trend_refresh_queue`;
    expect(stale?.n).toBe(0);
    expect(await weeklyLoad(stack.db.sql, organisationId)).toEqual(expected());
  }, timeoutMs);
}

/** One ticket's facts (instants as RFC 3339 UTC to the second), for "this change landed" checks. */
export async function ticketFacts(sql: postgres.Sql, organisationId: string, ticketId: string) {
  const [row] = await sql<
    {
      opened_at: string | null;
      escalated_at: string | null;
      resolved_at: string | null;
      handling_minutes: number | null;
      tier: number | null;
    }[]
  >`select to_char(opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as opened_at,
           to_char(escalated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as escalated_at,
           to_char(resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as resolved_at,
           handling_minutes::float8 as handling_minutes, tier::int as tier from tickets
    where organisation_id = ${organisationId} and ticket_id = ${ticketId}`;
  return row;
}
