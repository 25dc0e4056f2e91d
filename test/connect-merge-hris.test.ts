// Merge (HRIS) end to end on the real broker and Postgres: the Merge stand-in
// (packages/vendor-standins/src/merge-hris.ts, each fixture beside its documentation page) ->
// the connector service -> hris.headcount.v1 -> ingest -> trends, compared with the stand-in's
// own counts; then signed webhooks, repeats, another Linked Account's delivery, a forged
// signature, and a connector killed mid-sync.

import { addDays, MergeHrisStandin, signMergeWebhook, utcToday } from "@hr-radar/vendor-standins";
import { describe, expect, it } from "vitest";
import {
  addConnection,
  connectEnv,
  expectedHrTeam,
  startConnect,
  trendCounts,
  waitForTrends,
} from "./support/connect-hris.ts";
import { createTestDatabase } from "./support/database.ts";
import { topicRecords } from "./support/kafka-admin.ts";
import { spawnService, startIngestPipeline } from "./support/services.ts";

const today = utcToday();
const startDate = addDays(today, -540);

describe("Merge HRIS connector", () => {
  it("first sync, webhooks once, forged signature refused, a SIGKILL mid-sync: trends equal the stand-in's counts", async () => {
    const database = await createTestDatabase();
    const { kafka, headcountTopic } = await startIngestPipeline(database.client);
    const standin = new MergeHrisStandin({ seed: 11, size: 60, today, historyDays: 720, requestsPerMinute: 20_000 });
    await standin.start();
    try {
      const secrets = {
        TEST_MERGE_API_KEY: standin.apiKey,
        TEST_MERGE_ACCOUNT_TOKEN: standin.accountToken,
        TEST_MERGE_SIGNATURE_KEY: standin.signatureKey,
      };
      Object.assign(process.env, secrets);
      const credentials = {
        apiKey: { env: "TEST_MERGE_API_KEY" },
        accountToken: { env: "TEST_MERGE_ACCOUNT_TOKEN" },
        webhookSecret: { env: "TEST_MERGE_SIGNATURE_KEY" },
      };
      const expected = standin.expected(startDate);

      // --- first sync (throttled twice on the way: Retry-After honoured)
      await addConnection(database, {
        connectionId: "acme-merge",
        organisationId: "acme-merge",
        vendor: "merge-hris",
        kind: "hris",
        config: { baseUrl: standin.baseUrl, linkedAccountId: standin.linkedAccountId, pageSize: 20 },
        credentials,
        startDate,
      });
      standin.throttleNext(2);
      const connect = await startConnect(database, headcountTopic);
      const first = await connect.runNow("acme-merge", "sync"); // queued behind the start-up first sync
      expect(first.run).toBe("reconcile");
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
      // a reconciliation overlapping the webhooks (its cursor is from before the changes)
      await connect.runNow("acme-merge", "reconcile");
      await waitForTrends(database, kafka, headcountTopic);
      const after = await trendCounts(database, "acme-merge", startDate, today);
      expect(after.hiresByDay[today] ?? 0).toBe((expected.hiresByDay[today] ?? 0) + 1);
      expect(after.terminationsByDay[today] ?? 0).toBe((expected.terminationsByDay[today] ?? 0) + 1);
      const changes = await database.sql<{ kind: string; department: string | null; previous: string | null }[]>`
        select kind, department, previous_department as previous from employee_changes
        where organisation_id = 'acme-merge' and effective_on = ${today} order by kind`;
      // each change once, whatever the repeats (the fixture has no other change dated today)
      expect(changes).toEqual([
        { kind: "changed", department: "Finance", previous: "Sales" },
        { kind: "hired", department: "Engineering", previous: null },
        { kind: "terminated", department: leaver.department, previous: null },
      ]);
      // today's snapshot was taken before these changes and anchors today; the daily snapshot re-anchors it
      await connect.runNow("acme-merge", "snapshot");
      await waitForTrends(database, kafka, headcountTopic);
      const now = standin.expected(startDate);
      const resnapped = await trendCounts(database, "acme-merge", startDate, today);
      expect(resnapped.headcountToday).toBe(now.headcountToday);
      expect(resnapped.departmentsToday).toEqual(now.departmentsToday);
      expect(now.departmentsToday.Finance).toBe((expected.departmentsToday.Finance ?? 0) + 1);

      // --- a forged token: 401, nothing produced
      const before = await topicRecords(kafka, headcountTopic);
      expect(await standin.sendWebhook(hook, "Employee.changed", stayer.id, { signature: "forged" })).toBe(401);
      const genuine = standin.webhookBody("Employee.changed", stayer.id, hook);
      const tampered = genuine.replace('"status":"COMPLETE"', '"status":"RELINK_NEEDED"');
      expect(tampered).not.toBe(genuine);
      expect(
        await standin.sendWebhook(hook, "Employee.changed", stayer.id, {
          rawBody: tampered,
          signature: signMergeWebhook(genuine, standin.signatureKey),
        }),
      ).toBe(401);
      // a genuine delivery about another Linked Account of the Merge organisation: accepted, ignored
      const other = JSON.parse(genuine) as { linked_account: { id: string } };
      other.linked_account.id = "another-linked-account";
      expect(await standin.sendWebhook(hook, "Employee.changed", stayer.id, { rawBody: JSON.stringify(other) })).toBe(
        202,
      );
      await connect.runNow("acme-merge", "reconcile"); // drains the queue: nothing pending
      expect(await topicRecords(kafka, headcountTopic)).toBe(before);
      await connect.stop();

      // --- a second organisation's first sync, SIGKILLed after its second produced batch
      await addConnection(database, {
        connectionId: "beta-merge",
        organisationId: "beta-merge",
        vendor: "merge-hris",
        kind: "hris",
        config: { baseUrl: standin.baseUrl, linkedAccountId: standin.linkedAccountId, pageSize: 10 },
        credentials,
        startDate,
      });
      const env = {
        ...connectEnv(database, headcountTopic),
        ...secrets,
      };
      const beforeDoomed = await topicRecords(kafka, headcountTopic);
      const doomed = spawnService("connect", { ...env, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
      expect(await doomed.exited).toBe("SIGKILL");
      const output = doomed.output();
      for (const person of standin.employees()) expect(output).not.toContain(person.email); // no personal data logged
      const [done] = await database.sql`
        select 1 from connector_checkpoints where connection_id = 'beta-merge' and stream = 'first-sync'`;
      expect(done).toBeUndefined(); // it really died mid-sync: batches produced, the first sync unfinished
      expect(await topicRecords(kafka, headcountTopic)).toBeGreaterThan(beforeDoomed);
      const restarted = await startConnect(database, headcountTopic);
      await restarted.runNow("beta-merge", "sync");
      await waitForTrends(database, kafka, headcountTopic);
      const beta = await trendCounts(database, "beta-merge", startDate, today);
      expect(beta.hiresByDay).toEqual(now.hiresByDay);
      expect(beta.terminationsByDay).toEqual(now.terminationsByDay);
      expect(beta.headcountByDay).toEqual(now.headcountByDay);
      expect(beta.departmentsToday).toEqual(now.departmentsToday);
    } finally {
      await standin.stop();
    }
  });
});
