// Personio end to end on the real broker and Postgres: the Personio API v2 stand-in
// (packages/vendor-standins/src/personio.ts, each fixture beside its documentation page) ->
// the connector service -> hris.headcount.v1 -> ingest -> trends, compared with the stand-in's
// own counts; then dataless webhooks, repeats, a forged token, and a connector killed mid-sync.

import { addDays, PersonioStandin, utcToday } from "@hr-radar/vendor-standins";
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

describe("Personio connector", () => {
  it("first sync, webhooks once, forged token refused, a SIGKILL mid-sync: trends equal the stand-in's counts", async () => {
    const database = await createTestDatabase();
    const { kafka, headcountTopic } = await startIngestPipeline(database.client);
    const standin = new PersonioStandin({ seed: 7, size: 60, today, historyDays: 720, requestsPerMinute: 20_000 });
    await standin.start();
    try {
      process.env.TEST_PERSONIO_CLIENT_ID = standin.clientId;
      process.env.TEST_PERSONIO_CLIENT_SECRET = standin.clientSecret;
      process.env.TEST_PERSONIO_WEBHOOK_TOKEN = standin.webhookToken;
      const credentials = {
        clientId: { env: "TEST_PERSONIO_CLIENT_ID" },
        clientSecret: { env: "TEST_PERSONIO_CLIENT_SECRET" },
        webhookSecret: { env: "TEST_PERSONIO_WEBHOOK_TOKEN" },
      };
      const expected = standin.expected(startDate);

      // --- first sync (throttled twice on the way: Retry-After honoured)
      await addConnection(database, {
        connectionId: "acme-personio",
        organisationId: "acme-personio",
        vendor: "personio",
        kind: "hris",
        config: { baseUrl: standin.baseUrl, pageSize: 20 },
        credentials,
        startDate,
      });
      standin.throttleNext(2);
      const connect = await startConnect(database, headcountTopic);
      const first = await connect.runNow("acme-personio", "sync"); // queued behind the start-up first sync
      expect(first.run).toBe("reconcile");
      await waitForTrends(database, kafka, headcountTopic);
      const synced = await trendCounts(database, "acme-personio", startDate, today);
      expect(synced.hiresByDay).toEqual(expected.hiresByDay);
      expect(synced.terminationsByDay).toEqual(expected.terminationsByDay);
      expect(synced.headcountByDay).toEqual(expected.headcountByDay);
      expect(synced.departmentsToday).toEqual(expected.departmentsToday);
      expect(synced.hrTeamToday).toEqual(expectedHrTeam(expected.jobTitlesToday));
      expect(standin.requests.filter((r) => r.startsWith("GET /v2/persons?")).length).toBeGreaterThanOrEqual(3);

      // --- webhooks: a hire, a department move, a termination, each delivered three times
      const hook = `${connect.url}/hooks/acme-personio`;
      const stayer = standin.employees().find((p) => p.terminatedOn === null && p.department === "Sales")!;
      const leaver = standin.employees().find((p) => p.terminatedOn === null && p.id !== stayer.id)!;
      const newcomer = standin.hire({ department: "Engineering", jobTitle: "Software Engineer", hiredOn: today });
      standin.moveDepartment(stayer.id, "Finance");
      standin.terminate(leaver.id, today);
      const deliveries: [Parameters<PersonioStandin["sendWebhook"]>[1], string][] = [
        ["employment.created", newcomer],
        ["employment.updated", stayer.id],
        ["employment.terminated", leaver.id],
      ];
      for (let round = 0; round < 3; round++)
        for (const [event, id] of deliveries) expect(await standin.sendWebhook(hook, event, id)).toBe(202);
      // a reconciliation overlapping the webhooks (its cursor is from before the changes)
      await connect.runNow("acme-personio", "reconcile");
      await waitForTrends(database, kafka, headcountTopic);
      const after = await trendCounts(database, "acme-personio", startDate, today);
      expect(after.hiresByDay[today] ?? 0).toBe((expected.hiresByDay[today] ?? 0) + 1);
      expect(after.terminationsByDay[today] ?? 0).toBe((expected.terminationsByDay[today] ?? 0) + 1);
      const changes = await database.sql<{ kind: string; department: string | null; previous: string | null }[]>`
        select kind, department, previous_department as previous from employee_changes
        where organisation_id = 'acme-personio' and effective_on = ${today} order by kind`;
      // each change once, whatever the repeats (the fixture has no other change dated today)
      expect(changes).toEqual([
        { kind: "changed", department: "Finance", previous: "Sales" },
        { kind: "hired", department: "Engineering", previous: null },
        { kind: "terminated", department: leaver.department, previous: null },
      ]);
      // today's snapshot was taken before these changes and anchors today; the daily snapshot re-anchors it
      await connect.runNow("acme-personio", "snapshot");
      await waitForTrends(database, kafka, headcountTopic);
      const now = standin.expected(startDate);
      const resnapped = await trendCounts(database, "acme-personio", startDate, today);
      expect(resnapped.headcountToday).toBe(now.headcountToday);
      expect(resnapped.departmentsToday).toEqual(now.departmentsToday);
      expect(now.departmentsToday.Finance).toBe((expected.departmentsToday.Finance ?? 0) + 1);

      // --- a forged token: 401, nothing produced
      const before = await topicRecords(kafka, headcountTopic);
      expect(await standin.sendWebhook(hook, "employment.updated", stayer.id, { token: "Bearer forged" })).toBe(401);
      expect(await standin.sendWebhook(hook, "employment.updated", stayer.id, { token: "" })).toBe(401);
      await connect.runNow("acme-personio", "reconcile"); // drains the queue: nothing pending
      expect(await topicRecords(kafka, headcountTopic)).toBe(before);
      await connect.stop();

      // --- a second organisation's first sync, SIGKILLed after its second produced batch
      await addConnection(database, {
        connectionId: "beta-personio",
        organisationId: "beta-personio",
        vendor: "personio",
        kind: "hris",
        config: { baseUrl: standin.baseUrl, pageSize: 10 },
        credentials,
        startDate,
      });
      const env = {
        ...connectEnv(database, headcountTopic),
        TEST_PERSONIO_CLIENT_ID: standin.clientId,
        TEST_PERSONIO_CLIENT_SECRET: standin.clientSecret,
        TEST_PERSONIO_WEBHOOK_TOKEN: standin.webhookToken,
      };
      const beforeDoomed = await topicRecords(kafka, headcountTopic);
      const doomed = spawnService("connect", { ...env, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
      expect(await doomed.exited).toBe("SIGKILL");
      const output = doomed.output();
      for (const person of standin.employees()) expect(output).not.toContain(person.email); // no personal data logged
      const [done] = await database.sql`
        select 1 from connector_checkpoints where connection_id = 'beta-personio' and stream = 'first-sync'`;
      expect(done).toBeUndefined(); // it really died mid-sync: batches produced, the first sync unfinished
      expect(await topicRecords(kafka, headcountTopic)).toBeGreaterThan(beforeDoomed);
      const restarted = await startConnect(database, headcountTopic);
      await restarted.runNow("beta-personio", "sync");
      await waitForTrends(database, kafka, headcountTopic);
      const beta = await trendCounts(database, "beta-personio", startDate, today);
      expect(beta.hiresByDay).toEqual(now.hiresByDay);
      expect(beta.terminationsByDay).toEqual(now.terminationsByDay);
      expect(beta.headcountByDay).toEqual(now.headcountByDay);
      expect(beta.departmentsToday).toEqual(now.departmentsToday);
    } finally {
      await standin.stop();
    }
  });
});
