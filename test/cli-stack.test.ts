import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { runCli, spawnCli } from "./support/cli.ts";
import { createTestDatabase } from "./support/database.ts";
import { newOrganisationId, profile, snapshot } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { createTopic, sendEvents, suffix, testKafka, testProducer, topicSize } from "./support/kafka.ts";
import { startIngest } from "./support/services.ts";

describe("hr-radar CLI with Kafka: backfill, up, demo", () => {
  it("backfills NDJSON and CSV into the topics, rejects bad rows with reasons, and a second load is deduplicated downstream", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const headcountTopic = await createTopic(kafka, "hris.headcount", 2);
    const ticketsTopic = await createTopic(kafka, "hr.tickets", 2);
    const org = newOrganisationId();
    const dir = mkdtempSync(join(tmpdir(), "hr-radar-backfill-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const ndjson = join(dir, "history.ndjson");
    writeFileSync(
      ndjson,
      [
        JSON.stringify(profile(org)),
        JSON.stringify({
          type: "hrradar.headcount.snapshot.v1",
          organisationId: org,
          asOf: "2026-10-05",
          headcount: 40,
        }),
        JSON.stringify({
          type: "hrradar.ticket.opened.v1",
          organisationId: org,
          ticketId: "t-1",
          category: "benefits",
          openedAt: "2026-10-05T09:00:00Z",
        }),
        "{ not json",
        JSON.stringify({ type: "hrradar.payroll.run.v1", organisationId: org }),
        JSON.stringify({
          type: "hrradar.headcount.snapshot.v1",
          organisationId: org,
          asOf: "2026-10-06",
          headcount: -3,
        }),
        "",
      ].join("\n"),
    );
    const csv = join(dir, "snapshots.csv");
    writeFileSync(
      csv,
      `type,organisationId,asOf,headcount\nhrradar.headcount.snapshot.v1,${org},2026-10-12,41\nhrradar.headcount.snapshot.v1,${org},2026-10-19,forty-two\n`,
    );
    const env = { KAFKA_BROKERS: inject("kafkaBrokers") };
    const topics = ["--headcount-topic", headcountTopic, "--tickets-topic", ticketsTopic];

    const first = await runCli(["backfill", ndjson, ...topics], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `6 rows: 3 accepted (sent 2 to ${headcountTopic}, 1 to ${ticketsTopic}), 3 rejected (not_json: 1, unknown_type: 1, impossible_value: 1) -> ${ndjson}.rejected.ndjson\n`,
    );
    expect(first.stderr).toMatch(/loading \[#+\] 6\/6 100% .* in \d+\.\d s/);
    const rejects = readFileSync(`${ndjson}.rejected.ndjson`, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string; path: string | null });
    expect(rejects.map((r) => [r.line, r.reason, r.path])).toEqual([
      [4, "not_json", null],
      [5, "unknown_type", "type"],
      [6, "impossible_value", "data.headcount"],
    ]);

    const fromCsv = await runCli(["replay", csv, ...topics, "--rejected", join(dir, "csv-rejects.ndjson")], env);
    expect(fromCsv.stdout).toContain("2 rows: 1 accepted (sent 1 to");
    expect(readFileSync(join(dir, "csv-rejects.ndjson"), "utf8")).toContain('"line":3,"reason":"schema_violation"');
    expect(await runCli(["backfill", ndjson, ...topics, "--dry-run"], env)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("3 accepted (would send 2"),
    });
    const second = await runCli(["backfill", ndjson, ...topics], env);
    expect(second.code).toBe(0);
    expect(await topicSize(kafka, headcountTopic)).toBe(2 + 1 + 2);
    expect(await topicSize(kafka, ticketsTopic)).toBe(2);

    // the pipeline counts the twice-loaded rows once: ids derive from each row's content
    await startIngest({ family: "headcount", topic: headcountTopic, groupId: `bf-${suffix()}`, database: db.client });
    await startIngest({ family: "tickets", topic: ticketsTopic, groupId: `bf-${suffix()}`, database: db.client });
    await waitUntilConsumed(db, 7);
    const snapshots =
      await db.sql`select as_of::text, headcount from headcount_snapshots where organisation_id = ${org} order by as_of`;
    expect(snapshots).toEqual([
      { as_of: "2026-10-05", headcount: 40 },
      { as_of: "2026-10-12", headcount: 41 },
    ]);
    const [tickets] = await db.sql`select count(*)::int as n from tickets where organisation_id = ${org}`;
    expect(tickets?.n).toBe(1);
  });

  it("up: runs the whole pipeline in one process, ready and ingesting, and stops cleanly on SIGINT", async () => {
    const db = await createTestDatabase();
    const prefix = `up-${suffix()}.`;
    const up = spawnCli(["up", "--port", "0", "--connect-port", "0", "--topic-prefix", prefix], {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
    });
    const [, url] = await up.waitFor(/up: API (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
    // the connector service is part of the stack, its webhooks on a port of their own
    expect(up.output().stderr).toMatch(/webhooks http:\/\/127\.0\.0\.1:\d+\/hooks\/<connection>/);
    const ready = await eventually(async () => {
      const r = await fetch(`${url}/readyz`);
      if (r.status !== 200) throw new Error(await r.text());
      return (await r.json()) as { checks: Record<string, { ready: boolean }> };
    }, 60_000);
    expect(Object.keys(ready.checks).sort()).toEqual([
      "analyzer.database",
      "connect.database",
      "connect.kafka",
      "ingest-headcount.database",
      "ingest-headcount.kafka",
      // lists quarantined organisations, never unready (issue 12)
      "ingest-headcount.trends",
      "ingest-tickets.database",
      "ingest-tickets.kafka",
      "ingest-tickets.trends",
    ]);

    const org = newOrganisationId();
    const producer = await testProducer(testKafka());
    await sendEvents(producer, `${prefix}hris.headcount.v1`, [profile(org), snapshot(org, "2026-11-02", 55)]);
    const orgs = await eventually(async () => {
      const run = await runCli(["orgs", "--format", "json"], { DATABASE_URL: db.url });
      const list = JSON.parse(run.stdout) as { organisationId: string; headcount: number }[];
      if (list.length === 0) throw new Error("not ingested yet");
      return list;
    });
    expect(orgs).toEqual([expect.objectContaining({ organisationId: org, headcount: 55 })]);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /hr_radar_ingest_records_total\{topic="up-[\w]+\.hris\.headcount\.v1",outcome="stored",service="ingest-headcount"\} 2/,
    );
    expect(metrics).toMatch(/^hr_radar_process_resident_memory_bytes \d+/m);

    up.signal("SIGINT");
    expect(await up.exited).toBe(0);
    expect(up.output().stderr).toContain("hr-radar: stopped cleanly");
  });

  it("demo: sends the article's five cases through the pipeline and prints their alerts and dashboard links", async () => {
    const database = `hr_demo_${suffix()}`;
    const server = inject("postgresUrl");
    onTestFinished(async () => {
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.end();
    });
    const run = await runCli(
      [
        "demo",
        "--exit",
        "--port",
        "0",
        "--connect-port",
        "0",
        "--topic-prefix",
        `demo-${suffix()}.`,
        "--database",
        database,
      ],
      { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: server },
      180_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const section = (name: string) => run.stdout.split("\n\n").find((s) => s.includes(name)) ?? "";
    expect(section("Rocket Labs")).toMatch(/\* recruiting: hire_specialist/);
    expect(section("Northwind")).toMatch(/\* recruiting: plan_specialist/);
    expect(section("Oakridge")).toMatch(/\* benefits: hire_specialist/);
    expect(section("Steelworks")).toMatch(
      /\* health_safety: hire_specialist[\s\S]*\* compliance: hire_specialist|\* compliance: hire_specialist[\s\S]*\* health_safety: hire_specialist/,
    );
    expect(section("Globex")).toMatch(/\* employee_relations: hire_specialist/);
    expect(run.stdout.match(/dashboard: http:\/\/127\.0\.0\.1:\d+\/dashboard\/#token=hrr_/g)).toHaveLength(5);
    expect(run.stderr).toMatch(/ingesting \[#+\] [\d,]+\/[\d,]+ 100%/);
    expect(run.stderr).toMatch(/demo ready in \d+ s/);
  });
});
