import { encodeCloudEvent } from "@hr-radar/events";
import { DEAD_LETTER_HEADERS as H } from "@hr-radar/ingest-runner";
import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { cloudEvent, profile, snapshot, ticketOpened, ticketResolved } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { readTopic, sendRaw, topicSize } from "./support/kafka.ts";

const structured = { "content-type": "application/cloudevents+json" };
const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
const yearsAhead = (years: number) => new Date(Date.now() + years * 365 * 86_400_000).toISOString();

describe("dead-letter queue", () => {
  it("sends each kind of invalid ticket record to <topic>.dlq with its reason, and stores the valid ones around it", async () => {
    const { db, kafka, topic, producer, org } = await ingestFixture("tickets", {
      partitions: 1,
      maxRecordBytes: 8 * 1024,
    });

    const valid = (n: number) => encodeCloudEvent(ticketOpened(org, `ok-${n}`, "payroll", "2026-10-05T09:00:00Z"), org);
    const invalid: {
      expected: [string, string | undefined];
      record: { key: string | null; value: string; headers: Record<string, string> };
    }[] = [
      { expected: ["not_json", undefined], record: { key: org, value: "{not json", headers: structured } },
      {
        expected: ["not_cloudevent", undefined],
        record: { key: org, value: JSON.stringify({ hello: "world" }), headers: {} },
      },
      {
        expected: ["not_cloudevent", "id"],
        record: {
          key: org,
          value: JSON.stringify({ specversion: "1.0", source: "s", type: "t", data: {} }),
          headers: structured,
        },
      },
      {
        expected: ["unknown_type", "type"],
        record: encodeCloudEvent(cloudEvent("hrradar.ticket.teleported.v1", { organisationId: org }), org),
      },
      { expected: ["unknown_type", "type"], record: encodeCloudEvent(snapshot(org, "2026-10-01", 10), org) },
      {
        expected: ["schema_violation", "data.ticketId"],
        record: encodeCloudEvent(
          cloudEvent("hrradar.ticket.opened.v1", {
            organisationId: org,
            category: "x",
            openedAt: "2026-10-05T09:00:00Z",
          }),
          org,
        ),
      },
      {
        expected: ["impossible_value", "data.handlingMinutes"],
        record: encodeCloudEvent(ticketResolved(org, "T-9", "payroll", "2026-10-05T09:00:00Z", -5), org),
      },
      {
        expected: ["impossible_value", "data.openedAt"],
        record: encodeCloudEvent(ticketOpened(org, "T-8", "payroll", yearsAhead(3)), org),
      },
      {
        expected: ["oversized", undefined],
        record: encodeCloudEvent(
          ticketOpened(org, "T-7", "payroll", "2026-10-05T09:00:00Z", { note: "x".repeat(10_000) }),
          org,
        ),
      },
      {
        expected: ["key_mismatch", "data.organisationId"],
        record: encodeCloudEvent(ticketOpened(org, "T-6", "payroll", "2026-10-05T09:00:00Z"), "another-org"),
      },
      // Regression (issue 12): without a key the organisation's order is not kept.
      {
        expected: ["key_mismatch", "data.organisationId"],
        record: {
          ...encodeCloudEvent(ticketOpened(org, "T-5", "payroll", "2026-10-05T09:00:00Z"), org),
          key: null,
        },
      },
      // Regression (issue 12): `time` orders corrections, so it must be plausible too.
      {
        expected: ["impossible_value", "time"],
        record: encodeCloudEvent(
          { ...ticketOpened(org, "T-4", "payroll", "2026-10-05T09:00:00Z"), time: yearsAhead(100) },
          org,
        ),
      },
      // Valid by the contract, refused by Postgres (a NUL character): isolated and dead-lettered.
      {
        expected: ["unprocessable", undefined],
        record: encodeCloudEvent(ticketOpened(org, "T-\u0000", "payroll", "2026-10-05T09:00:00Z"), org),
      },
    ];
    // valid, invalid, valid, invalid, ... on one partition: every invalid record sits between valid ones
    const records = [valid(0), ...invalid.flatMap(({ record }, i) => [record, valid(i + 1)])];
    await sendRaw(producer, topic, records);

    const dead = await readTopic(kafka, `${topic}.dlq`, invalid.length);
    expect(dead.map((m) => [header(m, H.reason), header(m, H.path)])).toEqual(invalid.map((i) => i.expected));
    for (const [i, m] of dead.entries()) {
      const original = invalid[i]!.record;
      expect(m.value?.toString()).toBe(original.value);
      expect(m.key?.toString() ?? null).toBe(original.key);
      for (const [name, value] of Object.entries(original.headers)) expect(header(m, name)).toBe(value);
      expect(header(m, H.sourceTopic)).toBe(topic);
      expect(header(m, H.sourcePartition)).toBe("0");
      expect(header(m, H.sourceOffset)).toBe(String(2 * i + 1));
      expect(header(m, H.message)).toBeTruthy();
    }
    await eventually(async () => {
      const [row] = await db.sql`select count(*)::int as n from tickets where organisation_id = ${org}`;
      expect(row?.n).toBe(invalid.length + 1);
    });
    const [stray] = await db.sql`select count(*)::int as n from tickets where ticket_id not like 'ok-%'`;
    expect(stray?.n).toBe(0);
    // isolating the unprocessable record retried its batch: no dead letter was sent twice
    expect(await topicSize(kafka, `${topic}.dlq`)).toBe(invalid.length);
  });

  it("dead-letters several oversized records of one batch, whose copies together exceed the broker's 1 MB batch limit", async () => {
    // Regression (fault suite, hostile input): the copies went out in one send, the broker
    // refused it on every retry, and the partition stalled behind it for good.
    const { db, kafka, topic, producer, org } = await ingestFixture("tickets", {
      partitions: 1,
      maxRecordBytes: 64 * 1024,
    });
    const big = (n: number) =>
      encodeCloudEvent(
        ticketOpened(org, `big-${n}`, "payroll", "2026-10-05T09:00:00Z", { note: "x".repeat(400_000) }),
        org,
      );
    for (const n of [1, 2, 3]) await sendRaw(producer, topic, [big(n)]);
    await sendRaw(producer, topic, [
      encodeCloudEvent(ticketOpened(org, "after", "payroll", "2026-10-05T09:00:00Z"), org),
    ]);

    const dead = await readTopic(kafka, `${topic}.dlq`, 3);
    expect(dead.map((m) => header(m, H.reason))).toEqual(["oversized", "oversized", "oversized"]);
    expect(dead.map((m) => m.value?.length)).toEqual([1, 2, 3].map((n) => big(n).value.length));
    await eventually(async () => {
      const [row] = await db.sql`select count(*)::int as n from tickets where organisation_id = ${org}`;
      expect(row?.n).toBe(1);
    });
  });

  it("dead-letters impossible headcount and policy overrides with the failing field path", async () => {
    const { db, kafka, topic, producer, org } = await ingestFixture("headcount", { partitions: 1 });

    await sendRaw(producer, topic, [
      encodeCloudEvent(snapshot(org, "2026-10-01", -3), org),
      encodeCloudEvent(snapshot(org, yearsAhead(2).slice(0, 10), 10), org),
      encodeCloudEvent(profile(org, { policyOverrides: { noSuchThreshold: 1 } }), org),
      encodeCloudEvent(snapshot(org, "2026-10-02", 12), org),
    ]);
    const dead = await readTopic(kafka, `${topic}.dlq`, 3);
    expect(dead.map((m) => header(m, H.reason))).toEqual(["impossible_value", "impossible_value", "schema_violation"]);
    expect(dead.map((m) => header(m, H.path))).toEqual(["data.headcount", "data.asOf", "data.policyOverrides"]);
    await eventually(async () => {
      const rows = await db.sql`select headcount from headcount_daily where organisation_id = ${org}`;
      expect(rows.map((r) => r.headcount)).toEqual([12]);
    });
    const [profiles] = await db.sql`select count(*)::int as n from organisations where organisation_id = ${org}`;
    expect(profiles?.n).toBe(0);
  });
});
