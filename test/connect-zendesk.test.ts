import { startZendeskStandin, TicketHistory, ZENDESK_TIME_SPENT_FIELD_ID } from "@hr-radar/vendor-standins";
import { describe, expect, it } from "vitest";
import {
  addConnection,
  expectLoadToEqual,
  startConnectHere,
  startHelpdeskStack,
  ticketFacts,
  weeklyLoad,
} from "./support/connect-helpdesk.ts";
import { waitUntilConsumed } from "./support/eventually.ts";
import { topicSize } from "./support/kafka.ts";
import { spawnService } from "./support/services.ts";

// Zendesk end to end on the real broker and Postgres: a stand-in Zendesk (documented
// export, metric sets, audits, 429, signed webhooks) with 26 weeks of tickets in three
// groups, one of them tier 2, time tracking on part of them; the connector as its own
// process killed mid first sync, then restarted; webhooks delivered twice and overlapped
// by a reconciliation; forged and stale signatures. One stack for the whole file.

const ORG = "acme-zd";
const CONNECTION = "zendesk-acme";
const DAY = 86_400_000;

describe("Zendesk connector end to end", () => {
  it("first sync equals the stand-in's weekly counts after a kill mid-sync; webhooks count once; forged ones produce nothing", async () => {
    const history = new TicketHistory({
      seed: 2026,
      weeks: 26,
      now: new Date(Date.now() - 60 * 60_000),
      tier1Groups: ["Benefits", "Payroll"],
      tier2Group: "HR Specialists",
      ticketsPerWeek: 30,
      trackedShare: 0.6,
    });
    const zendesk = await startZendeskStandin({
      history,
      email: "hr-ops@acme.test",
      apiToken: "zd-token-1",
      webhookSecret: "zd-webhook-secret",
      exportRequestsPerMinute: 1000,
    });
    const stack = await startHelpdeskStack();
    await addConnection(stack, {
      connectionId: CONNECTION,
      organisationId: ORG,
      vendor: "zendesk",
      kind: "helpdesk",
      config: {
        baseUrl: zendesk.url,
        email: "hr-ops@acme.test",
        category: { source: "group" },
        tiers: { "HR Specialists": 2 },
        timeSpentFieldId: ZENDESK_TIME_SPENT_FIELD_ID,
        pageSize: 100,
      },
      credentials: {
        apiKey: stack.secret("zd-token", "zd-token-1"),
        webhookSecret: stack.secret("zd-webhook", "zd-webhook-secret"),
      },
      schedule: "0 3 * * *",
      startDate: new Date(Date.now() - 27 * 7 * DAY).toISOString().slice(0, 10),
    });
    const expected = history.expectedLoad();
    expect(expected.some((w) => w.escalated > 0)).toBe(true);
    expect(expected.some((w) => w.handlingMinutes > 0 && w.resolvedWithoutMinutes > 0)).toBe(true);
    expect(new Set(expected.map((w) => w.hrFunction))).toEqual(new Set(["benefits", "payroll"]));

    // 1. The connector as its own process, SIGKILLed after its third produced page (before
    //    the page's cursor is stored): part of the history is in, not all of it.
    const doomed = spawnService("connect", { ...stack.connectEnv, HR_RADAR_FAILPOINT: "connect-after-produce@3" });
    expect(await doomed.exited).toBe("SIGKILL");
    const partial = await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic);
    expect(partial).toBeGreaterThan(0);
    await waitUntilConsumed(stack.db, partial);
    const openedSoFar = (await weeklyLoad(stack.db.sql, ORG)).reduce((n, w) => n + w.opened, 0);
    expect(openedSoFar).toBeGreaterThan(0);
    expect(openedSoFar).toBeLessThan(history.tickets.size);

    // 2. Restarted (in this process), through a 429 with Retry-After: the totals are exact, week by week.
    zendesk.throttleNext(1, "/api/v2/incremental", 1);
    const connect = await startConnectHere(stack);
    await expectLoadToEqual(stack, ORG, () => history.expectedLoad());
    expect(zendesk.throttled()).toBe(1);

    // 3. Webhooks for a new ticket, an escalation and a resolution, each delivered twice,
    //    then a reconciliation that fetches the same tickets again: each counted once.
    const hook = `${connect.url}/hooks/${CONNECTION}`;
    const open = history.openTickets().filter((t) => t.escalation === undefined && t.solves.length === 0);
    const [toEscalate, toResolve] = open;
    if (toEscalate === undefined || toResolve === undefined) throw new Error("the fixture has too few open tickets");
    // Zendesk keeps instants to the second
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000);
    const atText = at.toISOString().replace(".000Z", "Z");
    const created = history.open("Payroll", at, 900);
    history.escalate(toEscalate.id, at);
    history.solve(toResolve.id, at, 2_700);
    for (let delivery = 0; delivery < 2; delivery++) {
      expect(await zendesk.sendWebhook(hook, "ticket.created", created.id)).toBe(202);
      expect(await zendesk.sendWebhook(hook, "ticket.group_assignment_changed", toEscalate.id)).toBe(202);
      expect(await zendesk.sendWebhook(hook, "ticket.status_changed", toResolve.id)).toBe(202);
    }
    const reconciled = await connect.runNow(CONNECTION, "reconcile");
    expect(reconciled.events).toBeGreaterThan(0); // it did overlap the webhooks
    await expectLoadToEqual(stack, ORG, () => history.expectedLoad());
    expect(await ticketFacts(stack.db.sql, ORG, String(created.id))).toMatchObject({ tier: 1, resolved_at: null });
    expect(await ticketFacts(stack.db.sql, ORG, String(toEscalate.id))).toMatchObject({
      escalated_at: atText,
      tier: 2,
    });
    expect(await ticketFacts(stack.db.sql, ORG, String(toResolve.id))).toMatchObject({
      resolved_at: atText,
      handling_minutes: 45,
    });

    // 4. A forged signature and a stale one: 401, and nothing produced (a reconciliation
    //    queued behind them finds nothing new either).
    const before = await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic);
    expect(await zendesk.sendWebhook(hook, "ticket.status_changed", toResolve.id, { secret: "not-the-secret" })).toBe(
      401,
    );
    const stale = new Date(Date.now() - 20 * 60_000);
    expect(await zendesk.sendWebhook(hook, "ticket.status_changed", toResolve.id, { signedAt: stale })).toBe(401);
    expect((await connect.runNow(CONNECTION, "reconcile")).events).toBe(0);
    expect(await topicSize(stack.pipeline.kafka, stack.pipeline.ticketsTopic)).toBe(before);
  });
});
