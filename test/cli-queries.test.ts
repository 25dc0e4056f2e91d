import { startApiServer } from "@hr-radar/api";
import pino from "pino";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { mondayWeeksAgo, seedOrganisation } from "./support/seed.ts";

/** Two organisations' trends and alerts (one open, one resolved) in a database of the test's own. */
async function seeded(): Promise<{ db: TestDatabase; env: Record<string, string>; acmeAlert: number }> {
  const db = await createTestDatabase();
  const { alertId: acmeAlert } = await seedOrganisation(db.sql, { id: "acme", name: "Acme Corp", headcount: 180 });
  const { alertId: globexAlert } = await seedOrganisation(db.sql, { id: "globex", name: "Globex", headcount: 90 });
  await db.sql`update alerts set status = 'resolved', resolved_at = now(), hr_function = 'payroll' where alert_id = ${globexAlert}`;
  return { db, env: { DATABASE_URL: db.url }, acmeAlert };
}

describe("hr-radar CLI: queries, tokens, simulate, errors", () => {
  it("lists alerts as a table, JSON and CSV, filtered by organisation, status and function, and acknowledges one", async () => {
    const { env, acmeAlert } = await seeded();
    const table = await runCli(["alerts"], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^id\s+organisation\s+function\s+recommendation\s+severity\s+status\s+since\s+reasons\s+summary$/,
    );
    expect(table.stdout).toContain("Benefits load averaged 0.95 FTE");
    expect(table.stdout).not.toContain("globex"); // its only alert is resolved

    const json = JSON.parse((await runCli(["alerts", "--org", "acme", "--format", "json"], env)).stdout) as {
      alertId: number;
      organisationId: string;
      evidence: object;
    }[];
    expect(json).toEqual([
      expect.objectContaining({
        alertId: acmeAlert,
        organisationId: "acme",
        evidence: expect.objectContaining({ averageFte: 0.95 }),
      }),
    ]);

    const csv = await runCli(["alerts", "--status", "resolved", "--format", "csv"], env);
    const [header, row, end] = csv.stdout.split("\r\n");
    expect(header).toMatch(/^alertId,organisationId,hrFunction,ruleId,/);
    expect(row).toContain(",globex,payroll,sustained-load,");
    expect(end).toBe("");

    expect((await runCli(["alerts", "--function", "payroll"], env)).stdout).toBe("no alerts match\n");

    const ack = await runCli(["alerts", "ack", String(acmeAlert), "--by", "Dana"], env);
    expect(ack).toMatchObject({ code: 0, stdout: `alert ${acmeAlert} (acme, benefits) acknowledged by Dana\n` });
    const acknowledged = JSON.parse(
      (await runCli(["alerts", "--status", "acknowledged", "--format", "json"], env)).stdout,
    ) as { acknowledgedBy: string }[];
    expect(acknowledged.map((a) => a.acknowledgedBy)).toEqual(["Dana"]);
    const again = await runCli(["alerts", "ack", String(acmeAlert), "--by", "Dana"], env);
    expect(again).toMatchObject({ code: 1, stderr: `hr-radar: alert ${acmeAlert} is acknowledged, not open\n` });
  });

  it("prints trends by week, month or day in every format", async () => {
    const { env } = await seeded();
    const monthly = await runCli(
      [
        "trends",
        "headcount",
        "--org",
        "acme",
        "--grain",
        "month",
        "--from",
        "2026-09-01",
        "--to",
        "2026-10-31",
        "--format",
        "csv",
      ],
      env,
    );
    expect(monthly.stdout).toBe(
      "organisationId,period,periodStart,headcount,hires,terminations,openRequisitions,complete\r\n" +
        "acme,2026-09,2026-09-01,187,4,0,5,true\r\nacme,2026-10,2026-10-01,191,4,0,5,true\r\n",
    );
    const load = JSON.parse(
      (
        await runCli(
          [
            "trends",
            "function-load",
            "--org",
            "acme",
            "--function",
            "benefits",
            "--from",
            mondayWeeksAgo(0),
            "--format",
            "json",
          ],
          env,
        )
      ).stdout,
    );
    expect(load).toEqual([
      expect.objectContaining({ period: "2026-W45", hrFunction: "benefits", handlingHours: 32, loadFte: 1.255 }),
    ]);
    const team = await runCli(["trends", "hr-team", "--org", "acme", "--from", mondayWeeksAgo(0)], env);
    expect(team.stdout).toMatch(/acme\s+2026-11-02\s+2\s+payroll:1/);
    const all = await runCli(
      [
        "trends",
        "headcount",
        "--from",
        mondayWeeksAgo(0),
        "--to",
        mondayWeeksAgo(0),
        "--grain",
        "day",
        "--format",
        "json",
      ],
      env,
    );
    expect((JSON.parse(all.stdout) as { organisationId: string }[]).map((r) => r.organisationId)).toEqual([
      "acme",
      "globex",
    ]);
  });

  it("status: each organisation's trend freshness, and a quarantine with its error", async () => {
    const { db, env } = await seeded();
    await db.sql`insert into trend_refresh_queue (scope, organisation_id, everything) values ('function-load', 'globex', true)`;
    await db.sql`insert into trend_refresh_quarantine (scope, organisation_id, error, first_failed_at, retry_at, failed_version)
                 values ('function-load', 'globex', 'time zone "US/Pacific-New" not recognized',
                         '2026-11-01T08:00:00Z', '2026-11-01T08:00:30Z', 1)`;
    const table = await runCli(["status"], env);
    // Postgres only (no Kafka, no API configured): those parts say so, and the status is still 0
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines).toContain("trends: 0 marks waiting, oldest 0 s; 1 organisations quarantined");
    const trends = lines.findIndex((l) => /^organisation\s+trends\s+stale since/.test(l));
    expect(lines[trends]).toMatch(
      /^organisation\s+trends\s+stale since\s+quarantined since\s+scopes\s+retry at\s+error$/,
    );
    // quarantined first
    expect(lines[trends + 2]).toMatch(
      /^globex\s+quarantined\s+\S+\s+2026-11-01T08:00:00\.000Z\s+function-load\s+2026-11-01T08:00:30\.000Z\s+time zone "US\/Pacific-New" not recognized$/,
    );
    expect(lines[trends + 3]).toMatch(/^acme\s+current$/);
    expect(table.stdout).toMatch(/\nkafka\s+not configured\s+KAFKA_BROKERS not set and no stack file\n/);
    const json = JSON.parse((await runCli(["status", "--org", "globex", "--format", "json"], env)).stdout);
    expect(json.dependencies).toEqual([
      expect.objectContaining({ name: "postgres", ok: true }),
      { name: "kafka", target: null, ok: null, detail: "KAFKA_BROKERS not set and no stack file" },
    ]);
    expect(json.trends).toMatchObject({ quarantined: 1 });
    expect(json.trends.organisations).toEqual([
      {
        organisationId: "globex",
        current: false,
        staleSince: expect.any(String),
        quarantinedSince: "2026-11-01T08:00:00.000Z",
        quarantinedScopes: ["function-load"],
        reason: 'time zone "US/Pacific-New" not recognized',
        attempts: 1,
        retryAt: "2026-11-01T08:00:30.000Z",
      },
    ]);
    const acme = JSON.parse((await runCli(["status", "--org", "acme", "--format", "json"], env)).stdout);
    expect(acme.trends.organisations).toMatchObject([
      { organisationId: "acme", current: true, quarantinedSince: null, reason: null },
    ]);
    // the last completed analysis, and the outbox backlog per channel
    await db.sql`insert into analyzer_runs (evaluated_at, started_at, finished_at, organisations, findings, raised, completed)
                 values ('2026-11-02T06:00:00Z', '2026-11-02T06:00:00Z', '2026-11-02T06:00:02Z', 2, 5, 1, true),
                        ('2026-11-03T06:00:00Z', '2026-11-03T06:00:00Z', null, 0, 0, 0, false)`;
    await db.sql`insert into alert_channels (channel) values ('kafka'), ('webhook:hr-ops')`;
    await db.sql`insert into alert_deliveries (outbox_id, channel, alert_id, attempts, last_error, created_at)
                 values (1, 'webhook:hr-ops', 1, 3, 'HTTP 503', '2026-11-02T06:00:03Z')`;
    const withRuns = JSON.parse((await runCli(["status", "--format", "json"], env)).stdout);
    expect(withRuns.lastAnalysis).toMatchObject({
      finishedAt: "2026-11-02T06:00:02.000Z",
      evaluatedAt: "2026-11-02T06:00:00.000Z",
      organisations: 2,
      findings: 5,
      raised: 1,
    });
    expect(withRuns.outbox).toEqual([
      { channel: "kafka", pending: 0, retrying: 0, oldestSince: null, lastError: null },
      {
        channel: "webhook:hr-ops",
        pending: 1,
        retrying: 1,
        oldestSince: "2026-11-02T06:00:03.000Z",
        lastError: "HTTP 503",
      },
    ]);
    const csv = (await runCli(["status", "--format", "csv"], env)).stdout.split("\r\n");
    expect(csv[0]).toBe("section,item,value,detail");
    expect(csv).toContain('quarantined,globex,function-load,"time zone ""US/Pacific-New"" not recognized"');
  });

  it("refuses bad arguments with a clear message and exit code 2", async () => {
    const { env } = await seeded();
    const cases: [string[], RegExp][] = [
      [
        ["alerts", "--status", "bogus"],
        /argument 'bogus' is invalid\. Allowed choices are active, open, acknowledged, resolved, all/,
      ],
      [["alerts", "ack", "seven", "--by", "x"], /alertId must be a positive whole number, got 'seven'/],
      [["alerts", "ack", "7"], /required option '--by <name>' not specified/],
      [
        ["trends", "headcount", "--from", "2026-11-30", "--to", "2026-11-01"],
        /--from 2026-11-30 is after --to 2026-11-01/,
      ],
      [["trends", "headcount", "--from", "last week"], /expected a date like 2026-01-31, got 'last week'/],
      // a day February does not have: Postgres refused it with SQL and a stack trace (issue 15)
      [["trends", "headcount", "--from", "2026-02-30"], /expected a date like 2026-01-31, got '2026-02-30'/],
      [["trends", "function-load", "--grain", "day"], /Allowed choices are week, month/],
      [
        ["simulate", "--org", "acme", "--headcount", "300", "--growth", "10%"],
        /give either --headcount N \[--by DATE\] or --growth RATE/,
      ],
      [["simulate", "--org", "acme", "--growth", "fast"], /expected a rate like 50% or 0.5, got 'fast'/],
      [["backfill", "/no/such/file.ndjson"], /no such file: \/no\/such\/file\.ndjson/],
      [["frobnicate"], /unknown command 'frobnicate'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args, env)));
    cases.forEach(([args, message], i) => {
      expect(runs[i]!.code, args.join(" ")).toBe(2);
      expect(runs[i]!.stderr, args.join(" ")).toMatch(message);
    });
  });

  it("says what to do when there is no stack or the database is unreachable", async () => {
    const none = await runCli(["alerts"]);
    expect(none).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "no running stack found: DATABASE_URL is not set, and there is no stack file at ",
      ),
    });
    const down = await runCli(["orgs"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(down).toMatchObject({
      code: 1,
      stderr: "hr-radar: cannot reach Postgres at 127.0.0.1:1 (ECONNREFUSED): is `hr-radar up` running?\n",
    });
  });

  it("simulates a growth plan: what fires now and at which projected week", async () => {
    const { env } = await seeded();
    const table = await runCli(
      ["simulate", "--org", "acme", "--growth", "100%", "--weeks", "26", "--at", "2026-11-11"],
      env,
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /^Acme Corp \(acme\): 192 people now, plan 100% a year, 27\d in 26 weeks; HR team kept at 2 generalist\(s\) and 1 payroll\./,
    );
    const rows = JSON.parse(
      (
        await runCli(
          ["simulate", "--org", "acme", "--growth", "100%", "--weeks", "26", "--at", "2026-11-11", "--format", "json"],
          env,
        )
      ).stdout,
    ) as {
      weeksAhead: number;
      hrFunction: string;
      recommendation: string;
      projectedHeadcount: number;
    }[];
    // benefits has run above 0.8 FTE for 8 weeks: it fires today, at today's headcount
    expect(rows).toContainEqual(
      expect.objectContaining({
        weeksAhead: 0,
        hrFunction: "benefits",
        recommendation: "hire_specialist",
        projectedHeadcount: 192,
      }),
    );
    expect(rows.map((r) => r.weeksAhead)).toEqual([...rows.map((r) => r.weeksAhead)].sort((a, b) => a - b));
    expect(await runCli(["simulate", "--org", "nobody", "--growth", "10%"], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no organisation 'nobody'"),
    });
  });

  it("creates, lists and revokes API tokens that the API honours", async () => {
    const { db, env } = await seeded();
    const created = await runCli(["token", "create", "--org", "acme", "--name", "ci"], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^hrr_[\w-]{43}$/);
    const api = await startApiServer({
      databaseUrl: db.url,
      host: "127.0.0.1",
      port: 0,
      logger: pino({ level: "silent" }),
    });
    onTestFinished(() => api.close());
    const me = await fetch(`${api.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ organisationId: "acme", tokenName: "ci" });
    const list = await runCli(["token", "list", "--format", "json"], env);
    expect(list.stdout).not.toContain(token);
    const [listed] = JSON.parse(list.stdout) as { tokenId: number; organisationId: string }[];
    expect(listed?.organisationId).toBe("acme");
    expect(await runCli(["token", "revoke", String(listed!.tokenId)], env)).toMatchObject({ code: 0 });
    expect((await fetch(`${api.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(await runCli(["token", "create", "--org", "nope"], env)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no organisation 'nope' yet"),
    });
  });
});
