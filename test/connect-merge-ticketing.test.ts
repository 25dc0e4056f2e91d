import { MERGE_REMOTE_TIME_FIELD, startMergeTicketingStandin, TicketHistory } from "@hr-radar/vendor-standins";
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

// Merge Ticketing end to end on a small fixture. Merge's Ticket model has no history, so
// an escalation is dated when the connector first sees the ticket in a tier-2 team (the
// stand-in counts it the same way: `escalationSeenAt: "last-update"`), and minutes come
// from the underlying helpdesk's remote_data.

const ORG = "acme-merge";
const CONNECTION = "merge-acme";

describe("Merge Ticketing connector end to end", () => {
  it("first sync, kill and restart, webhooks and reconciliation count each change once", async () => {
    const history = new TicketHistory({
      seed: 99,
      weeks: 6,
      now: new Date(Date.now() - 60 * 60_000),
      tier1Groups: ["Benefits", "Payroll"],
      tier2Group: "HR Specialists",
      ticketsPerWeek: 12,
    });
    const merge = await startMergeTicketingStandin({
      history,
      apiKey: "merge-key",
      accountToken: "acct-token",
      signatureKey: "merge-sig",
    });
    const stack = await startHelpdeskStack();
    await addConnection(stack, {
      connectionId: CONNECTION,
      organisationId: ORG,
      vendor: "merge-ticketing",
      kind: "helpdesk",
      config: {
        baseUrl: merge.url,
        tiers: { "HR Specialists": 2 },
        remoteTime: { field: MERGE_REMOTE_TIME_FIELD },
        pageSize: 20,
      },
      credentials: {
        apiKey: stack.secret("merge-key", "merge-key"),
        accountToken: stack.secret("merge-acct", "acct-token"),
        webhookSecret: stack.secret("merge-sig", "merge-sig"),
      },
      schedule: "0 3 * * *",
      startDate: new Date(Date.now() - 7 * 7 * 86_400_000).toISOString().slice(0, 10),
    });
    const expected = () => history.expectedLoad({}, { escalationSeenAt: "last-update" });

    const doomed = spawnService("connect", { ...stack.connectEnv, HR_RADAR_FAILPOINT: "connect-after-produce@2" });
    expect(await doomed.exited).toBe("SIGKILL");
    expect(await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic)).toBeGreaterThan(0);

    merge.throttleNext(1, "/api/ticketing", 1);
    const connect = await startConnectHere(stack);
    await expectLoadToEqual(stack, ORG, expected);
    expect(merge.throttled()).toBe(1);

    const hook = `${connect.url}/hooks/${CONNECTION}`;
    const [toEscalate, toResolve] = history
      .openTickets()
      .filter((t) => t.escalation === undefined && t.solves.length === 0);
    if (toEscalate === undefined || toResolve === undefined) throw new Error("the fixture has too few open tickets");
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
    const created = history.open("Payroll", at);
    history.escalate(toEscalate.id, at);
    history.solve(toResolve.id, at, 600);
    for (let delivery = 0; delivery < 2; delivery++) {
      expect(await merge.sendWebhook(hook, "Ticket.added", created.id)).toBe(202);
      expect(await merge.sendWebhook(hook, "Ticket.changed", toEscalate.id)).toBe(202);
      expect(await merge.sendWebhook(hook, "Ticket.changed", toResolve.id)).toBe(202);
    }
    expect((await connect.runNow(CONNECTION, "reconcile")).events).toBeGreaterThan(0);
    await expectLoadToEqual(stack, ORG, expected);
    const atText = at.toISOString().replace(".000Z", "Z");
    expect(await ticketFacts(stack.db.sql, ORG, String(toEscalate.id))).toMatchObject({
      escalated_at: atText,
      tier: 2,
    });
    expect(await ticketFacts(stack.db.sql, ORG, String(toResolve.id))).toMatchObject({
      resolved_at: atText,
      handling_minutes: 10,
    });

    const before = await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic);
    expect(await merge.sendWebhook(hook, "Ticket.changed", toResolve.id, { key: "forged" })).toBe(401);
    const reconciled = await connect.runNow(CONNECTION, "reconcile");
    expect(await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic)).toBe(before + reconciled.events);
    await expectLoadToEqual(stack, ORG, expected);
  });
});
