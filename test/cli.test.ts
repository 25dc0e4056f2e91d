import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApiServer } from "@hr-radar/api";
import pino from "pino";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { runCli, spawnCli } from "./support/cli.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { newOrganisationId, profile, snapshot } from "./support/events.ts";
import { createTopic, sendEvents, suffix, testKafka, testProducer, topicSize } from "./support/kafka.ts";
import { mondayWeeksAgo, seedOrganisation } from "./support/seed.ts";
import { startIngest } from "./support/services.ts";

/** Two organisations' trends and alerts (one open, one resolved) in a database of the test's own. */
async function seeded(): Promise<{ db: TestDatabase; env: Record<string, string>; acmeAlert: number }> {
  const db = await createTestDatabase();
  const { alertId: acmeAlert } = await seedOrganisation(db.sql, { id: "acme", name: "Acme Corp", headcount: 180 });
  const { alertId: globexAlert } = await seedOrganisation(db.sql, { id: "globex", name: "Globex", headcount: 90 });
  await db.sql`update alerts set status = 'resolved', resolved_at = now(), hr_function = 'payroll' where alert_id = ${globexAlert}`;
  return { db, env: { DATABASE_URL: db.url }, acmeAlert };
}

describe("hr-radar CLI", () => {
  it("lists alerts as a table, JSON and CSV, filtered by organisation, status and function, and acknowledges one", async () => {
    const { env, acmeAlert } = await seeded();
    const table = await runCli(["alerts"], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^id\s+organisation\s+function\s+recommendation\s+severity\s+status\s+since\s+summary$/);
    expect(table.stdout).toContain("Benefits load averaged 0.95 FTE");
    expect(table.stdout).not.toContain("globex"); // its only alert is resolved

    const json = JSON.parse((await runCli(["alerts", "--org", "acme", "--format", "json"], env)).stdout) as { alertId: number; organisationId: string; evidence: object }[];
    expect(json).toEqual([expect.objectContaining({ alertId: acmeAlert, organisationId: "acme", evidence: expect.objectContaining({ averageFte: 0.95 }) })]);

    const csv = await runCli(["alerts", "--status", "resolved", "--format", "csv"], env);
    const [header, row, end] = csv.stdout.split("\r\n");
    expect(header).toMatch(/^alertId,organisationId,hrFunction,ruleId,/);
    expect(row).toContain(",globex,payroll,sustained-load,");
    expect(end).toBe("");

    expect((await runCli(["alerts", "--function", "payroll"], env)).stdout).toBe("no alerts match\n");

    const ack = await runCli(["alerts", "ack", String(acmeAlert), "--by", "Dana"], env);
    expect(ack).toMatchObject({ code: 0, stdout: `alert ${acmeAlert} (acme, benefits) acknowledged by Dana\n` });
    const acknowledged = JSON.parse((await runCli(["alerts", "--status", "acknowledged", "--format", "json"], env)).stdout) as { acknowledgedBy: string }[];
    expect(acknowledged.map((a) => a.acknowledgedBy)).toEqual(["Dana"]);
    const again = await runCli(["alerts", "ack", String(acmeAlert), "--by", "Dana"], env);
    expect(again).toMatchObject({ code: 1, stderr: `hr-radar: alert ${acmeAlert} is acknowledged, not open\n` });
  });

  it("prints trends by week, month or day in every format", async () => {
    const { env } = await seeded();
    const monthly = await runCli(["trends", "headcount", "--org", "acme", "--grain", "month", "--from", "2026-09-01", "--to", "2026-10-31", "--format", "csv"], env);
    expect(monthly.stdout).toBe(
      "organisationId,period,periodStart,headcount,hires,terminations,openRequisitions\r\n" +
        "acme,2026-09,2026-09-01,187,4,0,5\r\nacme,2026-10,2026-10-01,191,4,0,5\r\n",
    );
    const load = JSON.parse((await runCli(["trends", "function-load", "--org", "acme", "--function", "benefits", "--from", mondayWeeksAgo(0), "--format", "json"], env)).stdout);
    expect(load).toEqual([expect.objectContaining({ period: "2026-W45", hrFunction: "benefits", handlingHours: 32, loadFte: 1.255 })]);
    const team = await runCli(["trends", "hr-team", "--org", "acme", "--from", mondayWeeksAgo(0)], env);
    expect(team.stdout).toMatch(/acme\s+2026-11-02\s+2\s+payroll:1/);
    const all = await runCli(["trends", "headcount", "--from", mondayWeeksAgo(0), "--to", mondayWeeksAgo(0), "--grain", "day", "--format", "json"], env);
    expect((JSON.parse(all.stdout) as { organisationId: string }[]).map((r) => r.organisationId)).toEqual(["acme", "globex"]);
  });

  it("refuses bad arguments with a clear message and exit code 2", async () => {
    const { env } = await seeded();
    const cases: [string[], RegExp][] = [
      [["alerts", "--status", "bogus"], /argument 'bogus' is invalid\. Allowed choices are active, open, acknowledged, resolved, all/],
      [["alerts", "ack", "seven", "--by", "x"], /alertId must be a positive whole number, got 'seven'/],
      [["alerts", "ack", "7"], /required option '--by <name>' not specified/],
      [["trends", "headcount", "--from", "2026-11-30", "--to", "2026-11-01"], /--from 2026-11-30 is after --to 2026-11-01/],
      [["trends", "headcount", "--from", "last week"], /expected a date like 2026-01-31, got 'last week'/],
      [["trends", "function-load", "--grain", "day"], /Allowed choices are week, month/],
      [["simulate", "--org", "acme", "--headcount", "300", "--growth", "10%"], /give either --headcount N \[--by DATE\] or --growth RATE/],
      [["simulate", "--org", "acme", "--growth", "fast"], /expected a rate like 50% or 0.5, got 'fast'/],
      [["backfill", "/no/such/file.ndjson"], /no such file: \/no\/such\/file\.ndjson/],
      [["frobnicate"], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, env);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(message);
    }
  });

  it("says what to do when there is no stack or the database is unreachable", async () => {
    const none = await runCli(["alerts"]);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("DATABASE_URL is not set and no stack is running here: start one with `hr-radar up`") });
    const down = await runCli(["orgs"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(down).toMatchObject({ code: 1, stderr: "hr-radar: cannot reach Postgres at 127.0.0.1:1 (ECONNREFUSED): is `hr-radar up` running?\n" });
  });

  it("backfills NDJSON and CSV into the topics, rejects bad rows with reasons, and a second load is deduplicated downstream", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const headcountTopic = await createTopic(kafka, "hris.headcount", 2);
    const ticketsTopic = await createTopic(kafka, "hr.tickets", 2);
    const org = newOrganisationId();
    const dir = mkdtempSync(join(tmpdir(), "hr-radar-backfill-"));
    const ndjson = join(dir, "history.ndjson");
    writeFileSync(
      ndjson,
      [
        JSON.stringify(profile(org)),
        JSON.stringify({ type: "hrradar.headcount.snapshot.v1", organisationId: org, asOf: "2026-10-05", headcount: 40 }),
        JSON.stringify({ type: "hrradar.ticket.opened.v1", organisationId: org, ticketId: "t-1", category: "benefits", openedAt: "2026-10-05T09:00:00Z" }),
        "{ not json",
        JSON.stringify({ type: "hrradar.payroll.run.v1", organisationId: org }),
        JSON.stringify({ type: "hrradar.headcount.snapshot.v1", organisationId: org, asOf: "2026-10-06", headcount: -3 }),
        "",
      ].join("\n"),
    );
    const csv = join(dir, "snapshots.csv");
    writeFileSync(csv, `type,organisationId,asOf,headcount\nhrradar.headcount.snapshot.v1,${org},2026-10-12,41\nhrradar.headcount.snapshot.v1,${org},2026-10-19,forty-two\n`);
    const env = { KAFKA_BROKERS: inject("kafkaBrokers") };
    const topics = ["--headcount-topic", headcountTopic, "--tickets-topic", ticketsTopic];

    const first = await runCli(["backfill", ndjson, ...topics], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `6 rows: 3 accepted (sent 2 to ${headcountTopic}, 1 to ${ticketsTopic}), 3 rejected (not_json: 1, unknown_type: 1, impossible_value: 1) -> ${ndjson}.rejected.ndjson\n`,
    );
    expect(first.stderr).toMatch(/loading \[#+\] 6\/6 100% .* in \d+\.\d s/);
    const rejects = readFileSync(`${ndjson}.rejected.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { line: number; reason: string; path: string | null });
    expect(rejects.map((r) => [r.line, r.reason, r.path])).toEqual([[4, "not_json", null], [5, "unknown_type", "type"], [6, "impossible_value", "data.headcount"]]);

    const fromCsv = await runCli(["replay", csv, ...topics, "--rejected", join(dir, "csv-rejects.ndjson")], env);
    expect(fromCsv.stdout).toContain("2 rows: 1 accepted (sent 1 to");
    expect(readFileSync(join(dir, "csv-rejects.ndjson"), "utf8")).toContain('"line":3,"reason":"schema_violation"');
    expect(await runCli(["backfill", ndjson, ...topics, "--dry-run"], env)).toMatchObject({ code: 0, stdout: expect.stringContaining("3 accepted (would send 2") });
    const second = await runCli(["backfill", ndjson, ...topics], env);
    expect(second.code).toBe(0);
    expect(await topicSize(kafka, headcountTopic)).toBe(2 + 1 + 2);
    expect(await topicSize(kafka, ticketsTopic)).toBe(2);

    // the pipeline counts the twice-loaded rows once: ids derive from each row's content
    await startIngest({ family: "headcount", topic: headcountTopic, groupId: `bf-${suffix()}`, database: db.client });
    await startIngest({ family: "tickets", topic: ticketsTopic, groupId: `bf-${suffix()}`, database: db.client });
    await waitUntilConsumed(db, 7);
    const snapshots = await db.sql`select as_of::text, headcount from headcount_snapshots where organisation_id = ${org} order by as_of`;
    expect(snapshots).toEqual([{ as_of: "2026-10-05", headcount: 40 }, { as_of: "2026-10-12", headcount: 41 }]);
    const [tickets] = await db.sql`select count(*)::int as n from tickets where organisation_id = ${org}`;
    expect(tickets?.n).toBe(1);
  });

  it("simulates a growth plan: what fires now and at which projected week", async () => {
    const { env } = await seeded();
    const table = await runCli(["simulate", "--org", "acme", "--growth", "100%", "--weeks", "26", "--at", "2026-11-04"], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Acme Corp \(acme\): 192 people now, plan 100% a year, 27\d in 26 weeks; HR team kept at 2 generalist\(s\) and 1 payroll\./);
    const rows = JSON.parse((await runCli(["simulate", "--org", "acme", "--growth", "100%", "--weeks", "26", "--at", "2026-11-04", "--format", "json"], env)).stdout) as {
      weeksAhead: number;
      hrFunction: string;
      recommendation: string;
      projectedHeadcount: number;
    }[];
    // benefits has run above 0.8 FTE for 8 weeks: it fires today, at today's headcount
    expect(rows).toContainEqual(expect.objectContaining({ weeksAhead: 0, hrFunction: "benefits", recommendation: "hire_specialist", projectedHeadcount: 192 }));
    expect(rows.map((r) => r.weeksAhead)).toEqual([...rows.map((r) => r.weeksAhead)].sort((a, b) => a - b));
    expect(await runCli(["simulate", "--org", "nobody", "--growth", "10%"], env)).toMatchObject({ code: 1, stderr: expect.stringContaining("no organisation 'nobody'") });
  });

  it("creates, lists and revokes API tokens that the API honours", async () => {
    const { db, env } = await seeded();
    const created = await runCli(["token", "create", "--org", "acme", "--name", "ci"], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^hrr_[\w-]{43}$/);
    const api = await startApiServer({ databaseUrl: db.url, host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }) });
    onTestFinished(() => api.close());
    const me = await fetch(`${api.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ organisationId: "acme", tokenName: "ci" });
    const list = await runCli(["token", "list", "--format", "json"], env);
    expect(list.stdout).not.toContain(token);
    const [listed] = JSON.parse(list.stdout) as { tokenId: number; organisationId: string }[];
    expect(listed?.organisationId).toBe("acme");
    expect(await runCli(["token", "revoke", String(listed!.tokenId)], env)).toMatchObject({ code: 0 });
    expect((await fetch(`${api.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(await runCli(["token", "create", "--org", "nope"], env)).toMatchObject({ code: 1, stderr: expect.stringContaining("no organisation 'nope' yet") });
  });

  it("up: runs the whole pipeline in one process, ready and ingesting, and stops cleanly on SIGINT", async () => {
    const db = await createTestDatabase();
    const prefix = `up-${suffix()}.`;
    const up = spawnCli(["up", "--port", "0", "--topic-prefix", prefix], { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: db.url });
    const [, url] = await up.waitFor(/up: API (http:\/\/127\.0\.0\.1:\d+)/, 90_000);
    const ready = await eventually(async () => {
      const r = await fetch(`${url}/readyz`);
      if (r.status !== 200) throw new Error(await r.text());
      return (await r.json()) as { checks: Record<string, { ready: boolean }> };
    }, 60_000);
    expect(Object.keys(ready.checks).sort()).toEqual(["analyzer.database", "ingest-headcount.database", "ingest-headcount.kafka", "ingest-tickets.database", "ingest-tickets.kafka"]);

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
    expect(metrics).toMatch(/hr_radar_ingest_records_total\{topic="up-[\w]+\.hris\.headcount\.v1",outcome="stored",service="ingest-headcount"\} 2/);
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
    const run = await runCli(["demo", "--exit", "--port", "0", "--topic-prefix", `demo-${suffix()}.`, "--database", database], { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: server }, 180_000);
    expect(run.code, run.stderr).toBe(0);
    const section = (name: string) => run.stdout.split("\n\n").find((s) => s.includes(name)) ?? "";
    expect(section("Rocket Labs")).toMatch(/\* recruiting: hire_specialist/);
    expect(section("Northwind")).toMatch(/\* recruiting: plan_specialist/);
    expect(section("Oakridge")).toMatch(/\* benefits: hire_specialist/);
    expect(section("Steelworks")).toMatch(/\* health_safety: hire_specialist[\s\S]*\* compliance: hire_specialist|\* compliance: hire_specialist[\s\S]*\* health_safety: hire_specialist/);
    expect(section("Globex")).toMatch(/\* employee_relations: hire_specialist/);
    expect(run.stdout.match(/dashboard: http:\/\/127\.0\.0\.1:\d+\/dashboard\/#token=hrr_/g)).toHaveLength(5);
    expect(run.stderr).toMatch(/ingesting \[#+\] [\d,]+\/[\d,]+ 100%/);
    expect(run.stderr).toMatch(/demo ready in \d+ s/);
  });
});
