import { describe, expect, inject, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTestDatabase } from "./support/database.ts";
import { newOrganisationId, profile, snapshot } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { createTopic, sendEvents, suffix, testKafka, testProducer, topicSize } from "./support/kafka.ts";
import { startIngest } from "./support/services.ts";

interface DeadLetterJson {
  id: string;
  reason: string;
  path: string | null;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  message: string;
  replayedFrom: string | null;
}

describe("hr-radar dlq", () => {
  it("lists and shows dead letters with --topic/--reason/--since, and --replay after a fix is applied once however often it is replayed", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const topic = await createTopic(kafka, "hris.headcount", 1);
    const groupId = `dlq-${suffix()}`;
    const org = newOrganisationId();
    const big = newOrganisationId();
    // a profile over the ingest's record limit: dead-lettered as `oversized` until the limit is raised
    const producer = await testProducer(kafka);
    await sendEvents(producer, topic, [
      profile(org),
      profile(big, {
        helpdeskCategories: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`category-${i}`, "payroll"])),
      }),
      snapshot(org, "2026-11-02", 10),
    ]);
    const strict = await startIngest({
      family: "headcount",
      topic,
      groupId,
      database: db.client,
      maxRecordBytes: 1_000,
    });
    await eventually(async () => {
      const [row] = await db.sql`select next_offset::int as n from consumer_offsets where consumer_group = ${groupId}`;
      if (row?.n !== 3) throw new Error(`applied up to ${row?.n}`);
    });
    expect(await topicSize(kafka, `${topic}.dlq`)).toBe(1);
    await strict.stop();

    const env = { KAFKA_BROKERS: inject("kafkaBrokers") };
    const listed = await runCli(["dlq", "--topic", topic, "--since", "1h", "--format", "json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    const letters = JSON.parse(listed.stdout) as DeadLetterJson[];
    expect(letters).toEqual([
      expect.objectContaining({
        id: `${topic}.dlq:0:0`,
        reason: "oversized",
        sourceTopic: topic,
        sourcePartition: 0,
        sourceOffset: "1",
        consumerGroup: groupId,
        replayedFrom: null,
      }),
    ]);
    expect(letters[0]?.message).toMatch(/the limit is 1000/);
    const [others, table, shown, unselected] = await Promise.all([
      runCli(["dlq", "--topic", topic, "--reason", "schema_violation", "--format", "json"], env),
      runCli(["dlq", "--topic", `${topic}.dlq`], env),
      runCli(["dlq", "show", `${topic}.dlq:0:0`], env),
      runCli(["dlq", "--replay"], env),
    ]);
    expect(JSON.parse(others.stdout)).toEqual([]);
    expect(table.stdout).toMatch(
      new RegExp(`^id\\s+dead-lettered\\s+reason[\\s\\S]*\\n${topic}\\.dlq:0:0\\s+\\S+\\s+oversized\\s`),
    );
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: `${topic}.dlq:0:0`, key: big });
    expect(JSON.parse(shown.stdout).value).toContain(`"organisationId":"${big}"`);
    expect(unselected).toMatchObject({ code: 2, stderr: expect.stringContaining("--replay needs a selection") });

    // the fix: the limit raised; then the record replayed, twice (a retry, or a second operator)
    await startIngest({ family: "headcount", topic, groupId, database: db.client, maxRecordBytes: 64 * 1024 });
    for (let i = 0; i < 2; i++) {
      const replayed = await runCli(["dlq", "--topic", topic, "--reason", "oversized", "--replay"], env);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(replayed.stdout).toBe(`replayed 1 dead letter to ${topic}\n`);
    }
    expect(await topicSize(kafka, topic)).toBe(3 + 2);
    await eventually(async () => {
      const [row] = await db.sql`select next_offset::int as n from consumer_offsets where consumer_group = ${groupId}`;
      if (row?.n !== 5) throw new Error(`applied up to ${row?.n}`);
    });
    // stored once: one organisation row, one ledger entry, and nothing dead-lettered again
    const organisations = await db.sql`select organisation_id from organisations order by organisation_id`;
    expect(organisations.map((r) => r.organisation_id)).toEqual([org, big].sort());
    const [ledger] = await db.sql`select count(*)::int as n from ingested_events where topic = ${topic}`;
    expect(ledger?.n).toBe(3);
    expect(await topicSize(kafka, `${topic}.dlq`)).toBe(1);
  });
});
