// Merge (HRIS) end to end on the real broker and Postgres: the Merge stand-in
// (packages/vendor-standins/src/merge-hris.ts, each fixture beside its documentation page) ->
// `hr-radar connect add` -> the connector service (its own process) -> hris.headcount.v1 ->
// ingest -> trends, compared with the stand-in's own counts; then signed webhooks, repeats and
// an overlapping reconciliation, another Linked Account's delivery, forged and tampered
// signatures, and a connector killed mid-sync.

import { addDays, MergeHrisStandin, signMergeWebhook, utcToday } from "@hr-radar/vendor-standins";
import { describe, expect, it } from "vitest";
import { connectCli, startConnect } from "./support/connect.ts";
import { expectedHrTeam, trendCounts, waitForTrends } from "./support/connect-hris.ts";
import { createTestDatabase } from "./support/database.ts";
import { eventually } from "./support/eventually.ts";
import { topicRecords } from "./support/kafka-admin.ts";
import { startIngestPipeline } from "./support/services.ts";

const today = utcToday();
const startDate = addDays(today, -540);

const addArgs = (id: string, standin: MergeHrisStandin, pageSize: number) => [
  "add",
  id,
  "--org",
  id,
  "--vendor",
  "merge-hris",
  "--base-url",
  standin.baseUrl,
  "--linked-account",
  standin.linkedAccountId,
  "--secret-env",
  "MERGE_API_KEY",
  "--account-token-env",
  "MERGE_ACCOUNT_TOKEN",
  "--webhook-secret-env",
  "MERGE_WEBHOOK_KEY",
  "--start",
  startDate,
  "--page-size",
  String(pageSize),
];

describe("Merge HRIS connector", () => {
  it("first sync, webhooks once, forged signature refused, a SIGKILL mid-sync: trends equal the stand-in's counts", async () => {
    const database = await createTestDatabase();
    const { kafka, headcountTopic } = await startIngestPipeline(database.client);
    const target = { databaseUrl: database.url, headcountTopic };
    const standin = new MergeHrisStandin({ seed: 11, size: 60, today, historyDays: 720, requestsPerMinute: 20_000 });
    await standin.start();
    try {
      const secrets = {
        MERGE_API_KEY: standin.apiKey,
        MERGE_ACCOUNT_TOKEN: standin.accountToken,
        MERGE_WEBHOOK_KEY: standin.signatureKey,
      };
      const expected = standin.expected(startDate);
      const hires = Object.values(expected.hiresByDay).reduce((a, b) => a + b, 0);

      // --- connect add, connect test (nothing sent), then the service's first sync (throttled on the way)
      expect((await connectCli(target, addArgs("acme-merge", standin, 20))).code).toBe(0);
      const tested = await connectCli(target, ["test", "acme-merge"], secrets);
      expect(tested.stdout).toContain(`${standin.employees().length} employees`);
      expect(tested.stdout).toContain(`${hires} hires`);
      expect(await topicRecords(kafka, headcountTopic)).toBe(0);
      standin.throttleNext(2);
      const connect = await startConnect(target, secrets);
      await connect.waitForRun({ connectionId: "acme-merge", run: "first-sync" });
      await waitForTrends(database, kafka, headcountTopic);
      const synced = await trendCounts(database, "acme-merge", startDate, today);
      expect(synced.hiresByDay).toEqual(expected.hiresByDay);
      expect(synced.terminationsByDay).toEqual(expected.terminationsByDay);
      expect(synced.headcountByDay).toEqual(expected.headcountByDay);
      expect(synced.departmentsToday).toEqual(expected.departmentsToday);
      expect(synced.hrTeamToday).toEqual(expectedHrTeam(expected.jobTitlesToday));
      expect(
        standin.requests.filter((r) => r.includes("/employees?") && r.includes("cursor=")).length,
      ).toBeGreaterThanOrEqual(2);

      // --- webhooks: a hire, a department move, a termination, each delivered three times
      const hook = `${connect.url}/hooks/acme-merge`;
      const stayer = standin.employees().find((p) => p.terminatedOn === null && p.department === "Sales")!;
      const leaver = standin.employees().find((p) => p.terminatedOn === null && p.id !== stayer.id)!;
      const newcomer = standin.hire({ department: "Engineering", jobTitle: "Software Engineer", hiredOn: today });
      standin.moveDepartment(stayer.id, "Finance");
      standin.terminate(leaver.id, today);
      const deliveries: [Parameters<MergeHrisStandin["sendWebhook"]>[1], string][] = [
        ["Employee.created", newcomer],
        ["Employee.changed", stayer.id],
        ["Employee.changed", leaver.id],
      ];
      for (let round = 0; round < 3; round++)
        for (const [event, id] of deliveries) expect(await standin.sendWebhook(hook, event, id)).toBe(202);
      const changesToday = () => database.sql<{ kind: string; department: string | null; previous: string | null }[]>`
        select kind, department, previous_department as previous from employee_changes
        where organisation_id = 'acme-merge' and effective_on = ${today} order by kind`;
      await eventually(async () => {
        await waitForTrends(database, kafka, headcountTopic);
        expect((await changesToday()).length).toBe(3);
      });
      // a reconciliation overlapping the webhooks (its cursor is from before the changes)
      expect((await connectCli(target, ["sync", "acme-merge"], secrets)).stdout).toContain("reconcile: sent 0 events");
      await waitForTrends(database, kafka, headcountTopic);
      // each change once, whatever the repeats (the fixture has no other change dated today)
      expect(await changesToday()).toEqual([
        { kind: "changed", department: "Finance", previous: "Sales" },
        { kind: "hired", department: "Engineering", previous: null },
        { kind: "terminated", department: leaver.department, previous: null },
      ]);
      const after = await trendCounts(database, "acme-merge", startDate, today);
      expect(after.hiresByDay[today] ?? 0).toBe((expected.hiresByDay[today] ?? 0) + 1);
      expect(after.terminationsByDay[today] ?? 0).toBe((expected.terminationsByDay[today] ?? 0) + 1);
      // today's snapshot was taken before these changes and anchors today; the daily snapshot re-anchors it
      expect((await connectCli(target, ["sync", "acme-merge", "--snapshot"], secrets)).code).toBe(0);
      await waitForTrends(database, kafka, headcountTopic);
      const now = standin.expected(startDate);
      const resnapped = await trendCounts(database, "acme-merge", startDate, today);
      expect(resnapped.headcountToday).toBe(now.headcountToday);
      expect(resnapped.departmentsToday).toEqual(now.departmentsToday);
      expect(now.departmentsToday.Finance).toBe((expected.departmentsToday.Finance ?? 0) + 1);

      // --- forged, tampered and missing signatures: 401; another Linked Account's delivery: 202, ignored
      const before = await topicRecords(kafka, headcountTopic);
      expect(await standin.sendWebhook(hook, "Employee.changed", stayer.id, { signature: "forged" })).toBe(401);
      expect(await standin.sendWebhook(hook, "Employee.changed", stayer.id, { signature: "" })).toBe(401);
      const genuine = standin.webhookBody("Employee.changed", stayer.id, hook);
      const tampered = genuine.replace('"status":"COMPLETE"', '"status":"RELINK_NEEDED"');
      expect(tampered).not.toBe(genuine);
      const signedGenuine = signMergeWebhook(genuine, standin.signatureKey);
      expect(
        await standin.sendWebhook(hook, "Employee.changed", stayer.id, { rawBody: tampered, signature: signedGenuine }),
      ).toBe(401);
      const other = JSON.parse(genuine) as { linked_account: { id: string } };
      other.linked_account.id = "another-linked-account";
      expect(await standin.sendWebhook(hook, "Employee.changed", stayer.id, { rawBody: JSON.stringify(other) })).toBe(
        202,
      );
      // refused and ignored deliveries queue nothing: nothing can follow them
      expect(await topicRecords(kafka, headcountTopic)).toBe(before);
      await connect.stop();

      // --- a second organisation's first sync, SIGKILLed after its second produced batch
      expect((await connectCli(target, addArgs("beta-merge", standin, 10))).code).toBe(0);
      const doomed = await startConnect(target, { ...secrets, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
      expect(await doomed.process.exited).toBe("SIGKILL");
      const [done] = await database.sql`
        select 1 from connector_checkpoints where connection_id = 'beta-merge' and stream = 'first-sync'`;
      expect(done).toBeUndefined(); // it really died mid-sync: batches produced, the first sync unfinished
      expect(await topicRecords(kafka, headcountTopic)).toBeGreaterThan(before);
      for (const person of standin.employees()) expect(doomed.process.output()).not.toContain(person.email);
      const restarted = await startConnect(target, secrets);
      await restarted.waitForRun({ connectionId: "beta-merge", run: "first-sync" });
      await waitForTrends(database, kafka, headcountTopic);
      const beta = await trendCounts(database, "beta-merge", startDate, today);
      expect(beta.hiresByDay).toEqual(now.hiresByDay);
      expect(beta.terminationsByDay).toEqual(now.terminationsByDay);
      expect(beta.headcountByDay).toEqual(now.headcountByDay);
      expect(beta.departmentsToday).toEqual(now.departmentsToday);
    } finally {
      await standin.stop();
    }
    // three connector processes and five CLI runs: slow on a loaded machine (66-119 s at load 15-20 on 2 cores)
  }, 240_000);
});
