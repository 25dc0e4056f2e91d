import { createHmac } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import type { TestDatabase } from "./support/database.ts";
import { hired, newOrganisationId, ticketOpened, ticketResolved } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { readTopic, sendEvents } from "./support/kafka.ts";
import { spawnService, startIngest, TEST_EMPLOYEE_KEY_SECRET } from "./support/services.ts";

const totals = async (db: TestDatabase, org: string) => {
  const [row] = await db.sql`
    select coalesce(sum(tickets_opened), 0)::int as opened, coalesce(sum(tickets_resolved), 0)::int as resolved,
           coalesce(sum(handling_minutes), 0)::float8 as minutes
    from function_load_weekly where organisation_id = ${org}`;
  return row!;
};

/** `count` tickets opened on consecutive hours of 5 Oct 2026, each resolved in 10 minutes. */
function ticketsFor(org: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const hour = String(i % 24).padStart(2, "0");
    return [
      ticketOpened(org, `T-${i}`, "payroll", `2026-10-05T${hour}:00:00Z`),
      ticketResolved(org, `T-${i}`, "payroll", `2026-10-06T${hour}:00:00Z`, 10),
    ];
  }).flat();
}

describe("exactly-once effect", () => {
  it("counts a CloudEvent sent twice (same source and id) once, in one batch or across batches and modes", async () => {
    const { db, topic, producer, org } = await ingestFixture("tickets");

    const opened = ticketOpened(org, "T-1", "payroll", "2026-10-05T09:00:00Z");
    const resolved = ticketResolved(org, "T-1", "payroll", "2026-10-05T10:00:00Z", 30);
    await sendEvents(producer, topic, [opened, opened, resolved]);
    await eventually(async () => expect(await totals(db, org)).toEqual({ opened: 1, resolved: 1, minutes: 30 }));

    // A producer retry of both events, this time in binary mode, plus one new event.
    await sendEvents(
      producer,
      topic,
      [opened, resolved, ticketOpened(org, "T-2", "payroll", "2026-10-05T11:00:00Z")],
      "binary",
    );
    await eventually(async () => expect(await totals(db, org)).toEqual({ opened: 2, resolved: 1, minutes: 30 }));
    const [ledger] =
      await db.sql`select count(*)::int as n from ingested_events where source = ${opened.source} and id in (${opened.id}, ${resolved.id})`;
    expect(ledger?.n).toBe(2);
  });

  it("dead-letters an event that reuses an id with other content, in a later batch or the same one", async () => {
    // Regression (fault suite, hostile input): the ledger dropped such an event as a plain
    // repeat, so the producer's bug went unnoticed and the second content was lost silently.
    const { db, kafka, topic, producer, org } = await ingestFixture("tickets", { partitions: 1 });
    const opened = ticketOpened(org, "T-1", "payroll", "2026-10-05T09:00:00Z");
    await sendEvents(producer, topic, [opened]);
    await eventually(async () => expect(await totals(db, org)).toEqual({ opened: 1, resolved: 0, minutes: 0 }));

    const reused = { ...opened, data: { ...opened.data, category: "benefits" } };
    const restamped = { ...opened, time: "2026-10-05T09:05:00Z" };
    const other = ticketOpened(org, "T-2", "payroll", "2026-10-05T10:00:00Z");
    const otherReused = { ...other, data: { ...other.data, ticketId: "T-3" } };
    await sendEvents(producer, topic, [reused, restamped, other, otherReused], "binary");

    const dead = await readTopic(kafka, `${topic}.dlq`, 2);
    expect(
      dead.map((m) => [m.headers?.["dlq-reason"]?.toString(), m.headers?.["dlq-source-offset"]?.toString()]),
    ).toEqual([
      ["duplicate_conflict", "1"],
      ["duplicate_conflict", "4"],
    ]);
    expect(dead[0]?.headers?.["dlq-message"]?.toString()).toMatch(/applied before with other content/);
    await waitUntilConsumed(db, 5);
    expect(await totals(db, org)).toEqual({ opened: 2, resolved: 0, minutes: 0 });
    const [row] = await db.sql`select category from tickets where organisation_id = ${org} and ticket_id = 'T-1'`;
    expect(row?.category).toBe("payroll");
  });

  it("tells a repeat from a reused id against a ledger entry written before the v2 fingerprint", async () => {
    // The headcount fingerprint changed (v2: one HMAC per event instead of two); ledger entries
    // written before still hold the old HMAC of the whole data, and a repeat of such an event
    // (a redelivery across the upgrade) must stay a repeat, not become a conflict.
    const { db, kafka, topic, producer, org } = await ingestFixture("headcount", { partitions: 1 });
    const hire = hired(org, "E-1", "2026-10-05", { department: "Sales" });
    await sendEvents(producer, topic, [hire]);
    await waitUntilConsumed(db, 1);
    const [entry] =
      await db.sql`select fingerprint from ingested_events where source = ${hire.source} and id = ${hire.id}`;
    expect(entry?.fingerprint).toMatch(/^v2:[A-Za-z0-9_-]{43}$/);
    const legacy = createHmac("sha256", TEST_EMPLOYEE_KEY_SECRET)
      .update(
        `${hire.type}\u0000${JSON.stringify({ organisationId: org, employeeId: "E-1", department: "Sales", hrRole: "none", hiredOn: "2026-10-05" })}`,
      )
      .digest("base64url");
    await db.sql`update ingested_events set fingerprint = ${legacy} where source = ${hire.source} and id = ${hire.id}`;

    const reused = { ...hire, data: { ...hire.data, department: "Finance" } };
    await sendEvents(producer, topic, [hire, reused]);
    const dead = await readTopic(kafka, `${topic}.dlq`, 1);
    expect(
      dead.map((m) => [m.headers?.["dlq-reason"]?.toString(), m.headers?.["dlq-source-offset"]?.toString()]),
    ).toEqual([["duplicate_conflict", "2"]]);
    await waitUntilConsumed(db, 3);
    const [changes] = await db.sql`select count(*)::int as n from employee_changes where organisation_id = ${org}`;
    expect(changes?.n).toBe(1);
  });

  it("keeps totals exact when the consumer is killed after its database write and before its Kafka commit", async () => {
    const { db, kafka, topic, producer, org, groupId } = await ingestFixture("tickets", {
      partitions: 1,
      start: false,
    });
    await sendEvents(producer, topic, ticketsFor(org, 40));
    const env = {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      TICKETS_TOPIC: topic,
      CONSUMER_GROUP: groupId,
      INGEST_CHUNK_SIZE: "15",
      INGEST_FETCH_MAX_WAIT_MS: "500",
      // the killed member's session must lapse before the restarted one gets its partition
      KAFKA_SESSION_TIMEOUT_MS: "6000",
    };

    const crashing = spawnService("ingest-tickets", { ...env, HR_RADAR_FAILPOINT: "crash-after-db-commit" });
    expect(await crashing.exited).toBe("SIGKILL");
    // The first chunk is in Postgres (its facts, and its organisation marked for the trend
    // refresher, which may or may not have run before the kill); Kafka never heard about it.
    const [stored] =
      await db.sql`select next_offset::int as next from consumer_offsets where consumer_group = ${groupId}`;
    expect(stored?.next).toBe(15);
    const [facts] = await db.sql`
      select count(opened_at)::int as opened, count(resolved_at)::int as resolved from tickets where organisation_id = ${org}`;
    expect(facts).toEqual({ opened: 8, resolved: 7 });
    const [marked] = await db.sql`select count(*)::int as n from trend_refresh_queue where organisation_id = ${org}`;
    const trends = await totals(db, org);
    expect(marked?.n === 1 || (trends.opened === 8 && trends.resolved === 7 && trends.minutes === 70)).toBe(true);
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(committed?.partitions[0]?.offset).toBe("-1");

    const restarted = spawnService("ingest-tickets", env);
    await eventually(async () => expect(await totals(db, org)).toEqual({ opened: 40, resolved: 40, minutes: 400 }));
    await restarted.waitForLog((l) => l.msg === "partitions assigned");
    const [ledger] = await db.sql`select count(*)::int as n from ingested_events`;
    expect(ledger?.n).toBe(80);

    // SIGTERM: the batch in flight finishes, the process says so and exits 0.
    restarted.signal("SIGTERM");
    expect(await restarted.exited).toBe(0);
    expect(restarted.logs.some((l) => l.msg === "stopped cleanly")).toBe(true);
  });

  it("keeps totals exact across a rebalance between two consumers of one group", async () => {
    const { db, topic, producer, groupId } = await ingestFixture("tickets", { partitions: 4, start: false });
    const orgs = Array.from({ length: 6 }, () => newOrganisationId());
    const first = await startIngest({ family: "tickets", topic, groupId, database: db.client, maxChunkSize: 7 });

    for (const org of orgs) await sendEvents(producer, topic, ticketsFor(org, 10));
    // A second member joins mid-stream: partitions move while batches are in flight.
    await startIngest({ family: "tickets", topic, groupId, database: db.client, maxChunkSize: 7 });
    for (const org of orgs) await sendEvents(producer, topic, ticketsFor(org, 20).slice(20));
    // And the first leaves: its partitions move again.
    await first.stop();

    for (const org of orgs) {
      await eventually(async () => expect(await totals(db, org)).toEqual({ opened: 20, resolved: 20, minutes: 200 }));
    }
    const [ledger] = await db.sql`select count(*)::int as n from ingested_events`;
    expect(ledger?.n).toBe(orgs.length * 40);
  });

  it("exits 2 with one line naming a missing or bad variable", async () => {
    const missing = spawnService("ingest-tickets", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" });
    expect(await missing.exited).toBe(2);
    expect(missing.stderr().trim()).toBe("config: KAFKA_BROKERS: required");

    const bad = spawnService("ingest-tickets", { KAFKA_BROKERS: "127.0.0.1:9092", DATABASE_URL: "mysql://nope" });
    expect(await bad.exited).toBe(2);
    expect(bad.stderr().trim()).toMatch(/^config: DATABASE_URL: expected postgres:\/\//);
  });
});
