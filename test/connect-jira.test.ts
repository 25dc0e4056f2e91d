import { startJiraStandin, TicketHistory } from "@hr-radar/vendor-standins";
import { describe, expect, it } from "vitest";
import {
  addConnection,
  expectLoadToEqual,
  startConnectHere,
  startHelpdeskStack,
  ticketFacts,
} from "./support/connect-helpdesk.ts";
import { topicSize } from "./support/kafka.ts";
import { spawnService } from "./support/services.ts";

// Jira Service Management end to end on a smaller fixture: a stand-in Jira (JQL search,
// changelog, worklogs, 429, X-Hub-Signature webhooks) -> the connector killed mid first
// sync and restarted -> weekly load equal to the stand-in's counts; webhooks twice plus an
// overlapping reconciliation count once; a forged signature produces nothing.

const ORG = "acme-jira";
const CONNECTION = "jira-acme";

describe("Jira Service Management connector end to end", () => {
  it("first sync, kill and restart, webhooks and reconciliation count each change once", async () => {
    const history = new TicketHistory({
      seed: 77,
      weeks: 8,
      now: new Date(Date.now() - 60 * 60_000),
      tier1Groups: ["Benefits", "Payroll"],
      tier2Group: "HR Specialists",
      ticketsPerWeek: 15,
    });
    const jira = await startJiraStandin({
      history,
      project: "HR",
      email: "hr-ops@acme.test",
      apiToken: "jira-token",
      webhookSecret: "jira-secret",
    });
    const stack = await startHelpdeskStack();
    await addConnection(stack, {
      connectionId: CONNECTION,
      organisationId: ORG,
      vendor: "jira-service-management",
      kind: "helpdesk",
      config: {
        baseUrl: jira.url,
        email: "hr-ops@acme.test",
        project: "HR",
        tiers: { "HR Specialists": 2 },
        pageSize: 20,
      },
      credentials: {
        apiKey: stack.secret("jira-token", "jira-token"),
        webhookSecret: stack.secret("jira-hook", "jira-secret"),
      },
      schedule: "0 3 * * *",
      startDate: new Date(Date.now() - 9 * 7 * 86_400_000).toISOString().slice(0, 10),
    });

    const doomed = spawnService("connect", { ...stack.connectEnv, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
    expect(await doomed.exited).toBe("SIGKILL");
    expect(await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic)).toBeGreaterThan(0);

    jira.throttleNext(1, "/rest/api/3/search/jql", 1);
    const connect = await startConnectHere(stack);
    await expectLoadToEqual(stack, ORG, () => history.expectedLoad());
    expect(jira.throttled()).toBe(1);

    const hook = `${connect.url}/hooks/${CONNECTION}`;
    const [toEscalate, toResolve] = history
      .openTickets()
      .filter((t) => t.escalation === undefined && t.solves.length === 0);
    if (toEscalate === undefined || toResolve === undefined) throw new Error("the fixture has too few open tickets");
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
    const created = history.open("Benefits", at);
    history.escalate(toEscalate.id, at);
    history.solve(toResolve.id, at, 1_800);
    for (let delivery = 0; delivery < 2; delivery++) {
      expect(await jira.sendWebhook(hook, "jira:issue_created", created.id)).toBe(202);
      expect(await jira.sendWebhook(hook, "jira:issue_updated", toEscalate.id)).toBe(202);
      expect(await jira.sendWebhook(hook, "jira:issue_updated", toResolve.id)).toBe(202);
    }
    expect((await connect.runNow(CONNECTION, "reconcile")).events).toBeGreaterThan(0);
    await expectLoadToEqual(stack, ORG, () => history.expectedLoad());
    const atText = at.toISOString().replace(".000Z", "Z");
    expect(await ticketFacts(stack.db.sql, ORG, jira.key(toEscalate.id))).toMatchObject({
      escalated_at: atText,
      tier: 2,
    });
    expect(await ticketFacts(stack.db.sql, ORG, jira.key(toResolve.id))).toMatchObject({
      resolved_at: atText,
      handling_minutes: 30,
    });

    // A forged signature: 401, and the only records after it are the reconciliation's own.
    const before = await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic);
    expect(await jira.sendWebhook(hook, "jira:issue_updated", toResolve.id, { secret: "forged" })).toBe(401);
    const reconciled = await connect.runNow(CONNECTION, "reconcile");
    expect(await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic)).toBe(before + reconciled.events);
    await expectLoadToEqual(stack, ORG, () => history.expectedLoad());
  });
});
