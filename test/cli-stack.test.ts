import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { runCli, spawnCli } from "./support/cli.ts";
import { createTestDatabase } from "./support/database.ts";
import { newOrganisationId, profile, snapshot } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { createTopic, sendEvents, suffix, testKafka, testProducer, topicSize } from "./support/kafka.ts";
import { promtoolCheckMetrics, promtoolUnavailable } from "./support/promtool.ts";
import { startIngest } from "./support/services.ts";

/** What `status --format json` prints (the parts this test reads). */
interface StatusJson {
  dependencies: { name: string; ok: boolean | null; target: string | null }[];
  readinessFrom: string[];
  services: { service: string; check: string; ready: boolean }[];
  consumerLag: { consumerGroup: string; topic: string; partition: number; nextOffset: string; lag: number }[];
  trends: { quarantined: number; organisations: { organisationId: string }[] };
  deadLetters: { topics: string[]; counts: unknown[] };
  lastAnalysis: unknown;
  problems: string[];
}

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
    expect(statSync(`${ndjson}.rejected.ndjson`).mode & 0o777).toBe(0o600);

    // broken CSV: every bad row reported by its line, the rest still loaded, a summary always
    const broken = join(dir, "broken.csv");
    writeFileSync(
      broken,
      `type,organisationId,asOf,headcount\nhrradar.headcount.snapshot.v1,${org},2026-10-12,41\nhrradar.headcount.snapshot.v1,${org},2026-10-19\n` +
        `hrradar.headcount.snapshot.v1,${org},"2026-10-2"6,4\n`,
    );
    const semicolons = join(dir, "semicolons.csv");
    writeFileSync(
      semicolons,
      `type;organisationId;asOf;headcount\nhrradar.headcount.snapshot.v1;${org};2026-10-12;41\n`,
    );
    const untyped = join(dir, "untyped.csv");
    writeFileSync(untyped, `organisationId,asOf,headcount\n${org},2026-10-12,41\n`);
    const clean = join(dir, "clean.csv");
    writeFileSync(clean, `type,organisationId,asOf,headcount\nhrradar.headcount.snapshot.v1,${org},2026-10-12,41\n`);
    const [lenient, strict, semi, noType, good] = await Promise.all([
      runCli(["backfill", broken, "--dry-run"]),
      runCli(["backfill", broken, "--dry-run", "--stop-on-error", "--rejected", join(dir, "strict.ndjson")]),
      runCli(["backfill", semicolons, "--dry-run"]),
      runCli(["backfill", untyped, "--dry-run"]),
      runCli(["backfill", clean, "--dry-run"]),
    ]);
    expect(lenient).toMatchObject({ code: 0 });
    expect(lenient.stdout).toMatch(
      /^3 rows: 1 accepted \(would send 1 to .*\), 2 rejected \(csv_row_length: 1, csv_syntax: 1\)/,
    );
    const brokenRejects = readFileSync(`${broken}.rejected.ndjson`, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(brokenRejects.map((r) => [r.line, r.reason])).toEqual([
      [3, "csv_row_length"],
      [4, "csv_syntax"],
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^2 rows: 1 accepted .*, 1 rejected \(csv_row_length: 1\)/);
    expect(strict.stderr).toContain("stopped at line 3 (csv_row_length: line 3 has 3 fields, the header has 4)");
    expect(semi).toMatchObject({ code: 2, stdout: "" });
    expect(semi.stderr).toContain("semicolons.csv: the header is separated by ';'");
    expect(noType).toMatchObject({ code: 2, stdout: "" });
    expect(noType.stderr).toContain("untyped.csv: no `type` column in the header");
    expect(good.code).toBe(0);
    expect(existsSync(`${clean}.rejected.ndjson`)).toBe(false);

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

  it("up --data-dir: the other commands find the stack by the same --data-dir (token, alerts, backfill, status, orgs), metrics pass promtool, and a clean stop removes the stack file", async () => {
    const db = await createTestDatabase();
    const prefix = `up-${suffix()}.`;
    const dataDir = mkdtempSync(join(tmpdir(), "hr-radar-up-"));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const up = spawnCli(["up", "--port", "0", "--connect-port", "0", "--topic-prefix", prefix, "--data-dir", dataDir], {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
    });
    const [, url] = await up.waitFor(/up: API (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
    // the hint works in a fresh shell: the checkout's script, with this stack's data dir
    expect(up.output().stderr).toContain(`\`./hr-radar --data-dir ${dataDir} token create --org <id>\``);
    expect(up.output().stderr).not.toContain("pnpm hr-radar");
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

    // no DATABASE_URL or KAFKA_BROKERS from here on: only --data-dir names the stack
    const at = ["--data-dir", dataDir];
    const org = newOrganisationId();
    const producer = await testProducer(testKafka());
    await sendEvents(producer, `${prefix}hris.headcount.v1`, [profile(org), snapshot(org, "2026-11-02", 55)]);
    const orgs = await eventually(async () => {
      const run = await runCli(["orgs", "--format", "json", ...at]);
      const list = JSON.parse(run.stdout) as { organisationId: string; headcount: number }[];
      if (list.length === 0) throw new Error(`not ingested yet: ${run.stderr}`);
      return list;
    });
    expect(orgs).toEqual([expect.objectContaining({ organisationId: org, headcount: 55 })]);

    const file = join(dataDir, "more.ndjson");
    writeFileSync(
      file,
      `${JSON.stringify({ type: "hrradar.headcount.snapshot.v1", organisationId: org, asOf: "2026-11-09", headcount: 56 })}\n`,
    );
    // independent commands at once: each is its own Node process
    const [created, alerts, backfill, lost] = await Promise.all([
      runCli(["token", "create", "--org", org, ...at]),
      runCli(["alerts", "--format", "json", ...at]),
      runCli(["backfill", file, ...at]),
      // without --data-dir the command says where it looked
      runCli(["alerts"]),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^hrr_\S+\n$/);
    expect(created.stderr).toContain(`dashboard: ${url}/dashboard/#token=hrr_`);
    expect(alerts.code, alerts.stderr).toBe(0);
    expect(JSON.parse(alerts.stdout)).toEqual([]);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toMatch(
      /no running stack found: DATABASE_URL is not set, and there is no stack file at \S+\/stack\.env \(HR_RADAR_DATA_DIR\)/,
    );
    expect(backfill.code, backfill.stderr).toBe(0);
    // the stack's own (prefixed) topics, from its stack file
    expect(backfill.stdout).toBe(
      `1 rows: 1 accepted (sent 1 to ${prefix}hris.headcount.v1, 0 to ${prefix}hr.tickets.v1), 0 rejected\n`,
    );
    expect(backfill.stderr).toContain("alerts change at the next scheduled analysis");
    expect(existsSync(`${file}.rejected.ndjson`)).toBe(false);

    const tokens = runCli(["token", "list", "--format", "json", ...at]);
    const table = runCli(["status", ...at]);
    const status = await eventually(async () => {
      const run = await runCli(["status", "--format", "json", ...at]);
      const report = JSON.parse(run.stdout) as StatusJson;
      const lag = report.consumerLag.filter((l) => l.topic === `${prefix}hris.headcount.v1`);
      if (run.code !== 0 || lag.length === 0 || lag.some((l) => l.lag > 0)) throw new Error(run.stdout + run.stderr);
      return report;
    }, 60_000);
    expect(status.dependencies).toEqual([
      expect.objectContaining({ name: "postgres", ok: true }),
      expect.objectContaining({ name: "kafka", ok: true, target: inject("kafkaBrokers") }),
    ]);
    expect(status.readinessFrom).toEqual([`${url}/readyz`]);
    expect(status.services.map((c) => `${c.service}.${c.check}`).sort()).toEqual(Object.keys(ready.checks).sort());
    expect(status.services.every((c) => c.ready)).toBe(true);
    // 2 events then 1 backfilled, all applied by the stack's own group
    expect(
      status.consumerLag
        .filter((l) => l.consumerGroup === `${prefix}hr-radar-ingest-headcount`)
        .reduce((n, l) => n + Number(l.nextOffset), 0),
    ).toBe(3);
    expect(status.trends).toMatchObject({
      quarantined: 0,
      organisations: [expect.objectContaining({ organisationId: org })],
    });
    expect(status.deadLetters).toMatchObject({
      topics: [`${prefix}hris.headcount.v1.dlq`, `${prefix}hr.tickets.v1.dlq`],
      counts: [],
    });
    expect(status.lastAnalysis).toBeNull();
    expect(status.problems).toEqual([]);
    expect(JSON.parse((await tokens).stdout)).toEqual([
      expect.objectContaining({ organisationId: org, name: "cli", revokedAt: null }),
    ]);
    expect((await table).stdout).toMatch(/^dependencies\nname\s+target\s+state/);
    expect((await table).stdout).toContain("last analysis\n(none completed yet)");

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /hr_radar_ingest_records_total\{topic="up-[\w]+\.hris\.headcount\.v1",outcome="stored",service="ingest-headcount"\} 3/,
    );
    expect(metrics).toMatch(/^hr_radar_process_resident_memory_bytes \d+/m);
    expect(metrics).toMatch(
      /^hr_radar_ingest_chunk_duration_seconds_count\{topic="up-\w+\.hris\.headcount\.v1",service="ingest-headcount"\} [1-9]/m,
    );
    if (!promtoolUnavailable()) expect(await promtoolCheckMetrics(metrics)).toEqual({ code: 0, output: "" });

    expect(existsSync(join(dataDir, "stack.env"))).toBe(true);
    up.signal("SIGINT");
    expect(await up.exited).toBe(0);
    expect(up.output().stderr).toContain("hr-radar: stopped cleanly");
    expect(existsSync(join(dataDir, "stack.env"))).toBe(false);
    // a dozen CLI processes, each a Node start: on a loaded 2-core machine that takes a while
  }, 240_000);

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
