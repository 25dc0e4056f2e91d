// The naive peer: what a first implementation would do. kafkajs eachMessage with Kafka's
// auto-commit, the same contract validation, and one INSERT (an upsert where the fact can
// repeat) per message in autocommit mode, into the same fact tables. No ledger, no offsets
// in Postgres, no trend tables: it does less work than the real ingest, and is still the
// baseline a "just insert each message" design gets.
import { createHmac } from "node:crypto";
import {
  decodeRecord,
  type EventFamily,
  HEADCOUNT_EVENT_TYPES as H,
  type IngestEvent,
  TICKET_EVENT_TYPES as T,
} from "@hr-radar/events";
import { ingestConsumerConfig } from "@hr-radar/ingest-runner";
import { createKafka } from "@hr-radar/service-kit";
import pino from "pino";
import postgres from "postgres";
import type { ContenderResult } from "../child.ts";
import { waitWithProgress } from "../measure.ts";
import { BENCH_EMPLOYEE_KEY_SECRET } from "./ingest.ts";

export interface NaiveSpec {
  label: string;
  family: EventFamily;
  brokers: string[];
  databaseUrl: string;
  topic: string;
  groupId: string;
  records: number;
  concurrency: number;
  maxWaitTimeMs: number;
  now: string;
}

export async function runNaive(spec: NaiveSpec, signal: AbortSignal): Promise<Omit<ContenderResult, "maxRssMb">> {
  const started = performance.now();
  const sql = postgres(spec.databaseUrl, {
    max: spec.concurrency,
    onnotice: () => {},
    connection: { application_name: "bench-naive", jit: "off" },
  });
  const kafka = createKafka({
    brokers: spec.brokers,
    clientId: `bench-${spec.groupId}`,
    logger: pino({ level: "warn" }, process.stderr),
  });
  const consumer = kafka.consumer(ingestConsumerConfig(spec.groupId, { maxWaitTimeMs: spec.maxWaitTimeMs }));
  const options = { family: spec.family, now: new Date(spec.now), maxBytes: 256 * 1024 };
  let count = 0;
  let rejected = 0;
  let joinedAt: number | undefined;
  let doneAt = Number.NaN;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt ??= performance.now()));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [spec.topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: spec.concurrency,
      eachMessage: async ({ message }) => {
        const decoded = decodeRecord(message, options);
        if (decoded.success) await insertOne(sql, decoded.event);
        else rejected++;
        count++;
        if (count >= spec.records && Number.isNaN(doneAt)) doneAt = performance.now();
      },
    });
    await waitWithProgress(spec.label, () => count, spec.records, signal);
  } finally {
    await consumer.disconnect();
    await sql.end({ timeout: 5 });
  }
  const from = joinedAt ?? started;
  return {
    label: spec.label,
    records: count,
    seconds: (doneAt - from) / 1000,
    totalSeconds: (doneAt - started) / 1000,
    details: { joinSeconds: (from - started) / 1000, rejected },
  };
}

/** One statement per event, each its own transaction. */
async function insertOne(sql: postgres.Sql, event: IngestEvent): Promise<void> {
  const d = event.data as Record<string, unknown> & { organisationId: string };
  const v = (key: string) => (d[key] ?? null) as string | number | null;
  switch (event.type) {
    case T.ticketOpened:
      await sql`insert into tickets as t (organisation_id, ticket_id, category, opened_at, tier)
        values (${d.organisationId}, ${v("ticketId")}, ${v("category")}, ${v("openedAt")}, ${v("tier")})
        on conflict (organisation_id, ticket_id) do update set opened_at = least(t.opened_at, excluded.opened_at),
          category = excluded.category, tier = greatest(t.tier, excluded.tier), updated_at = now()`;
      return;
    case T.ticketResolved:
      await sql`insert into tickets as t (organisation_id, ticket_id, category, resolved_at, handling_minutes)
        values (${d.organisationId}, ${v("ticketId")}, ${v("category")}, ${v("resolvedAt")}, ${v("handlingMinutes")})
        on conflict (organisation_id, ticket_id) do update set resolved_at = greatest(t.resolved_at, excluded.resolved_at),
          handling_minutes = excluded.handling_minutes, updated_at = now()`;
      return;
    case T.ticketEscalated:
      await sql`insert into tickets as t (organisation_id, ticket_id, category, escalated_at, tier)
        values (${d.organisationId}, ${v("ticketId")}, ${v("category")}, ${v("escalatedAt")}, ${v("toTier")})
        on conflict (organisation_id, ticket_id) do update set escalated_at = least(t.escalated_at, excluded.escalated_at),
          tier = greatest(t.tier, excluded.tier), updated_at = now()`;
      return;
    case T.ticketVolume:
      await sql`insert into ticket_volume_reports (organisation_id, category, granularity, period_start, opened, resolved,
          escalated, handling_minutes, backlog_at_period_end, event_time)
        values (${d.organisationId}, ${v("category")}, ${v("granularity")}, ${v("periodStart")}, ${v("opened")}, ${v("resolved")},
          ${v("escalated")}, ${v("handlingMinutes")}, ${v("backlogAtPeriodEnd")}, ${event.time})
        on conflict (organisation_id, category, granularity, period_start) do update set opened = excluded.opened,
          resolved = excluded.resolved, escalated = excluded.escalated, event_time = excluded.event_time`;
      return;
    case H.organisationProfile:
      await sql`insert into organisations (organisation_id, name, industry, time_zone, helpdesk_categories, policy_overrides, profile_time)
        values (${d.organisationId}, ${v("name")}, ${v("industry")}, ${v("timeZone")}, ${sql.json((d.helpdeskCategories ?? {}) as postgres.JSONValue)},
          ${sql.json((d.policyOverrides ?? {}) as postgres.JSONValue)}, ${event.time})
        on conflict (organisation_id) do update set name = excluded.name, industry = excluded.industry, time_zone = excluded.time_zone,
          helpdesk_categories = excluded.helpdesk_categories, policy_overrides = excluded.policy_overrides, profile_time = excluded.profile_time`;
      return;
    case H.headcountSnapshot:
      await sql`insert into headcount_snapshots (organisation_id, as_of, headcount, departments, open_requisitions, planned_headcount, planned_by, event_time)
        values (${d.organisationId}, ${v("asOf")}, ${v("headcount")}, ${d.departments === undefined ? null : sql.json(d.departments as postgres.JSONValue)},
          ${v("openRequisitions")}, ${v("plannedHeadcount")}, ${v("plannedBy")}, ${event.time})
        on conflict (organisation_id, as_of) do update set headcount = excluded.headcount, departments = excluded.departments,
          open_requisitions = excluded.open_requisitions, event_time = excluded.event_time`;
      return;
    case H.employeeHired:
    case H.employeeTerminated:
    case H.employeeChanged: {
      const kind =
        event.type === H.employeeHired ? "hired" : event.type === H.employeeTerminated ? "terminated" : "changed";
      const effectiveOn = d.hiredOn ?? d.terminatedOn ?? d.effectiveOn;
      const key = createHmac("sha256", BENCH_EMPLOYEE_KEY_SECRET)
        .update(`${d.organisationId}\u0000${String(d.employeeId)}`)
        .digest("base64url");
      await sql`insert into employee_changes (organisation_id, employee_key, kind, effective_on, department, previous_department, hr_role, hr_function, event_time)
        values (${d.organisationId}, ${key}, ${kind}, ${effectiveOn as string}, ${v("department")}, ${v("previousDepartment")},
          ${kind === "terminated" ? null : v("hrRole")}, ${v("hrFunction")}, ${event.time})`;
      return;
    }
  }
}
