// BambooHR end to end on the real broker and Postgres: a stand-in BambooHR (documented API,
// 429 + Retry-After, signed webhooks; packages/vendor-standins/src/bamboohr.ts names the
// pages) -> `hr-radar connect add` -> the connector service (its own process) -> Kafka ->
// both ingests -> trends, compared day by day with the stand-in's own counts.
import { saveConnection } from "@hr-radar/connectors";
import { employeeKey } from "@hr-radar/events";
import { addDays, type BambooStandIn, startBambooStandIn } from "@hr-radar/vendor-standins";
import { describe, expect, it, onTestFinished } from "vitest";
import { connectCli, startConnect } from "./support/connect.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { newOrganisationId } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { topicSize } from "./support/kafka.ts";
import { startIngestPipeline, TEST_EMPLOYEE_KEY_SECRET } from "./support/services.ts";

const today = new Date().toISOString().slice(0, 10);
const start = addDays(today, -730);

async function standIn(seed: number, apiKey: string, webhookKey: string): Promise<BambooStandIn> {
  const s = await startBambooStandIn({ apiKey, webhookKey, today, employees: 120, seed });
  onTestFinished(() => s.close());
  return s;
}

/** hr-radar's daily series of an organisation from `start`, as the stand-in counts it. */
const dailySeries = (db: TestDatabase, org: string) => db.sql`
  select day::text as day, headcount, hires, terminations from headcount_daily
  where organisation_id = ${org} and day >= ${start} order by day`;

/** An organisation's employee_changes of one person, by kind. */
const changesOf = async (db: TestDatabase, org: string, id: string) => {
  const rows = await db.sql<{ kind: string; department: string | null }[]>`
    select kind, department from employee_changes
    where organisation_id = ${org} and employee_key = ${employeeKey(TEST_EMPLOYEE_KEY_SECRET, org, id)}
    order by effective_on, event_time`;
  return rows.map((r) => `${r.kind}:${r.department}`);
};

const addArgs = (id: string, org: string, s: BambooStandIn, keyVar: string, hookVar: string) => [
  "add",
  id,
  "--org",
  org,
  "--vendor",
  "bamboohr",
  "--subdomain",
  s.subdomain,
  "--base-url",
  s.baseUrl,
  "--secret-env",
  keyVar,
  "--webhook-secret-env",
  hookVar,
  "--start",
  start,
  "--org-name",
  `Org ${id}`,
];

describe("BambooHR connector", () => {
  it("syncs two years of history exactly, applies webhooks once, refuses forgeries, survives SIGKILL mid-sync", async () => {
    const db = await createTestDatabase();
    const { kafka, headcountTopic } = await startIngestPipeline(db.client);
    const target = { databaseUrl: db.url, headcountTopic };
    const secrets = {
      BAMBOO_A_KEY: "key-a-0123456789",
      BAMBOO_A_HOOK: "hook-a-0123456789abcdef",
      BAMBOO_B_KEY: "key-b-0123456789",
      BAMBOO_B_HOOK: "hook-b-0123456789abcdef",
    };
    const a = await standIn(13, secrets.BAMBOO_A_KEY, secrets.BAMBOO_A_HOOK);
    const orgA = newOrganisationId();

    // connect add, then connect test: credentials checked, first-sync counts printed, nothing sent
    const added = await connectCli(target, addArgs("bamboo-a", orgA, a, "BAMBOO_A_KEY", "BAMBOO_A_HOOK"));
    expect(added.stderr).toBe("");
    expect(added.stdout).toContain("connection bamboo-a saved");
    expect(added.stdout + added.stderr).not.toContain(secrets.BAMBOO_A_KEY);
    const expected = a.expectedDaily(start, today);
    const hires = expected.reduce((n, d) => n + d.hires, 0);
    const leavers = expected.reduce((n, d) => n + d.terminations, 0);
    const tested = await connectCli(target, ["test", "bamboo-a"], { BAMBOO_A_KEY: secrets.BAMBOO_A_KEY });
    expect(tested.stderr).toBe("");
    expect(tested.stdout).toContain("BambooHR company acme: 120 employee records");
    for (const part of [
      `${hires} hires`,
      `${leavers} terminations`,
      "2 headcount snapshots",
      "1 HR-team rosters",
      "1 organisation profiles",
    ])
      expect(tested.stdout).toContain(part);
    expect(tested.stdout).toMatch(/jobTitle "People Coordinator": counted as generalist/);
    expect(tested.stdout).toMatch(/employmentStatus "Sabbatical": not in the mapping/);
    expect(await topicSize(kafka, headcountTopic)).toBe(0);
    const wrongKey = await connectCli(target, ["test", "bamboo-a"], { BAMBOO_A_KEY: "not-the-key" });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain("the vendor refused the credentials (401)");

    // first sync through the service, throttled twice on the way (429 + Retry-After: 1)
    a.throttle(2, 1);
    let connect = await startConnect(target, secrets);
    const firstSync = await connect.waitForRun({ connectionId: "bamboo-a", run: "first-sync" });
    expect(a.requests.throttled).toBe(2);
    expect(connect.process.logs.filter((l) => l.msg?.startsWith("vendor asked to slow down"))).toHaveLength(2);
    await waitUntilConsumed(db, Number(firstSync.events));
    expect(await dailySeries(db, orgA)).toEqual(expected);
    // the HR team from the mapping: HR Manager + People Coordinator generalists, a recruiter, a payroll specialist
    const [team] =
      await db.sql`select generalists, specialists from hr_team_daily where organisation_id = ${orgA} and day = ${today}`;
    expect(team).toEqual({ generalists: 2, specialists: { recruiting: 1, payroll: 1 } });

    // webhooks: a hire, a department move, a termination -> the right events, once each
    const active = a.employees.filter((e) => e.status === "Active" && e.department !== "People");
    const [mover, leaver, mover2] = [active[0]!, active[1]!, active[2]!];
    const hook = `${connect.url}/hooks/bamboo-a`;
    const newcomer = a.hire({ hireDate: today, department: "Finance", jobTitle: "Accountant" });
    expect((await a.sendWebhook(hook, "employee.created", newcomer.id)).status).toBe(202);
    const from = mover.department;
    const to = from === "Sales" ? "Operations" : "Sales";
    a.move(mover.id, to);
    expect((await a.sendWebhook(hook, "employee.updated", mover.id, { changedFields: ["department"] })).status).toBe(
      202,
    );
    a.terminate(leaver.id, today);
    expect(
      (await a.sendWebhook(hook, "employee.updated", leaver.id, { changedFields: ["employmentHistoryStatus"] })).status,
    ).toBe(202);
    await eventually(async () => {
      expect(await changesOf(db, orgA, newcomer.id)).toEqual(["hired:Finance"]);
      expect(await changesOf(db, orgA, mover.id)).toEqual([
        ...(await hiredIfInHistory(a, mover.id, from)),
        `changed:${to}`,
      ]);
      expect((await changesOf(db, orgA, leaver.id)).at(-1)).toBe(`terminated:${leaver.department}`);
    });

    // the same webhook three times, then a reconciliation overlapping all of it -> counted once
    a.move(mover2.id, mover2.department === "Finance" ? "Engineering" : "Finance");
    for (let i = 0; i < 3; i++)
      expect((await a.sendWebhook(hook, "employee.updated", mover2.id, { changedFields: ["department"] })).status).toBe(
        202,
      );
    await eventually(async () =>
      expect((await changesOf(db, orgA, mover2.id)).filter((c) => c.startsWith("changed"))).toHaveLength(1),
    );
    const reconciled = await connectCli(target, ["sync", "bamboo-a"], secrets);
    expect(reconciled.stderr).toBe("");
    // every changed employee fetched again, and nothing new to say about any of them
    expect(reconciled.stdout).toMatch(/^reconcile: sent 0 events for 4 records/);
    await waitUntilConsumed(db, await topicSize(kafka, headcountTopic));
    expect((await changesOf(db, orgA, mover2.id)).filter((c) => c.startsWith("changed"))).toHaveLength(1);
    expect(await changesOf(db, orgA, newcomer.id)).toEqual(["hired:Finance"]);
    expect((await changesOf(db, orgA, leaver.id)).filter((c) => c.startsWith("terminated"))).toHaveLength(1);
    expect(await dailySeries(db, orgA)).toEqual(a.expectedDaily(start, today));

    // a forged signature and a stale timestamp -> 401 problem+json, nothing produced
    const before = await topicSize(kafka, headcountTopic);
    a.move(active[3]!.id, "Sales");
    const forged = await a.sendWebhook(hook, "employee.updated", active[3]!.id, { forge: true });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({
      status: 401,
      title: "Unauthorized",
      detail: "the signature does not match the body",
    });
    const stale = await a.sendWebhook(hook, "employee.updated", active[3]!.id, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.body).detail).toMatch(/outside the accepted window/);
    const metrics = await (await fetch(`${connect.url}/metrics`)).text();
    expect(metrics).toMatch(/hr_radar_connector_webhooks_total\{[^}]*outcome="bad_signature"[^}]*\} 1/);
    expect(await topicSize(kafka, headcountTopic)).toBe(before);

    // a second company, its connector SIGKILLed after its second produced batch, before storing its state
    await connect.stop();
    const b = await standIn(29, secrets.BAMBOO_B_KEY, secrets.BAMBOO_B_HOOK);
    const orgB = newOrganisationId();
    // stored directly (the CLI's `connect add` is tested above; a CLI start costs seconds)
    await saveConnection(db.client.db, {
      connectionId: "bamboo-b",
      organisationId: orgB,
      vendor: "bamboohr",
      kind: "hris",
      config: { subdomain: b.subdomain, baseUrl: b.baseUrl },
      credentials: { apiKey: { env: "BAMBOO_B_KEY" }, webhookSecret: { env: "BAMBOO_B_HOOK" } },
      schedule: "*/15 * * * *",
      snapshotSchedule: "30 23 * * *",
      startDate: start,
    });
    const beforeCrash = await topicSize(kafka, headcountTopic);
    connect = await startConnect(target, { ...secrets, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
    expect(await connect.process.exited).toBe("SIGKILL");
    // the killed pass had produced, and its batches are produced again below
    expect(await topicSize(kafka, headcountTopic)).toBeGreaterThan(beforeCrash);
    const checkpoints = await db.sql`select stream from connector_checkpoints where connection_id = 'bamboo-b'`;
    expect(checkpoints).toHaveLength(0);
    connect = await startConnect(target, secrets);
    const resumed = await connect.waitForRun({ connectionId: "bamboo-b", run: "first-sync" });
    expect(Number(resumed.events)).toBeGreaterThan(0);
    await waitUntilConsumed(db, await topicSize(kafka, headcountTopic));
    expect(await dailySeries(db, orgB)).toEqual(b.expectedDaily(start, today));
    // the first company is untouched by the second's crash
    expect(await dailySeries(db, orgA)).toEqual(a.expectedDaily(start, today));
    // no names in the connector's state or logs
    const state = JSON.stringify(await db.sql`select record_key, state from connector_record_state`);
    expect(state).not.toMatch(/Given\d|Family\d/);
    expect(connect.process.output()).not.toMatch(/Given\d|Family\d/);
  });
});

/** The mover's hire, if it falls within the synced history. */
async function hiredIfInHistory(s: BambooStandIn, id: string, department: string): Promise<string[]> {
  const e = s.employees.find((x) => x.id === id)!;
  return e.hireDate >= start ? [`hired:${department}`] : [];
}
