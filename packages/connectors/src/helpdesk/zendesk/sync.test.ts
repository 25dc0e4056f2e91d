import { startZendeskStandin, TicketHistory, ZENDESK_TIME_SPENT_FIELD_ID } from "@hr-radar/vendor-standins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../core/http-client.ts";
import { foldLoad } from "../load-fold.ts";
import type { TicketChange } from "../ticket-changes.ts";
import { ZendeskClient } from "./client.ts";
import { zendeskConfigSchema } from "./config.ts";
import { zendeskBatches, zendeskFetchTickets } from "./sync.ts";
import { verifyZendeskWebhook, zendeskWebhookTickets } from "./webhook.ts";

// The client and normaliser against the local Zendesk stand-in (a real HTTP server that
// follows Zendesk's documented API), compared with the stand-in's own counts.

const now = new Date("2026-11-30T12:00:00Z");
const history = new TicketHistory({
  seed: 7,
  weeks: 8,
  now,
  tier1Groups: ["Benefits", "Payroll"],
  tier2Group: "HR Specialists",
  ticketsPerWeek: 20,
});
let standin: Awaited<ReturnType<typeof startZendeskStandin>>;
const config = () =>
  zendeskConfigSchema.parse({
    baseUrl: standin.url,
    email: "ops@acme.test",
    tiers: { "HR Specialists": 2 },
    timeSpentFieldId: ZENDESK_TIME_SPENT_FIELD_ID,
    pageSize: 50,
  });

beforeAll(async () => {
  standin = await startZendeskStandin({
    history,
    email: "ops@acme.test",
    apiToken: "tok",
    webhookSecret: "whsec",
    exportRequestsPerMinute: 1000,
  });
});
afterAll(() => standin.close());

describe("Zendesk sync against the stand-in", () => {
  it("turns the export into the stand-in's own weekly counts, paging by cursor through a 429", async () => {
    standin.throttleNext(1, "/api/v2/incremental", 1);
    const client = new ZendeskClient(config(), "tok", createHttpClient({ baseDelayMs: 10 }));
    const changes: TicketChange[] = [];
    const checkpoints: string[] = [];
    for await (const batch of zendeskBatches(client, "acme", config(), {
      startTime: new Date(now.getTime() - 9 * 7 * 86_400_000),
    })) {
      changes.push(...batch.changes);
      if (batch.checkpoint !== undefined) checkpoints.push(batch.checkpoint);
      expect(batch.issues).toEqual([]);
    }
    expect(standin.throttled()).toBe(1);
    expect(checkpoints.length).toBeGreaterThan(2);
    expect(foldLoad(changes)).toEqual(history.expectedLoad());
    expect(history.expectedLoad().some((w) => w.escalated > 0 && w.handlingMinutes > 0)).toBe(true);

    // From the last cursor, nothing new; after a change, only the changed ticket.
    const last = checkpoints.at(-1) as string;
    const again: TicketChange[] = [];
    for await (const batch of zendeskBatches(client, "acme", config(), { cursor: last })) again.push(...batch.changes);
    expect(again).toEqual([]);
    const open = history.openTickets()[0];
    if (open === undefined) throw new Error("fixture has no open ticket");
    history.solve(open.id, new Date(), 1200);
    const changed: TicketChange[] = [];
    for await (const batch of zendeskBatches(client, "acme", config(), { cursor: last }))
      changed.push(...batch.changes);
    expect(new Set(changed.map((c) => c.data.ticketId))).toEqual(new Set([String(open.id)]));
    expect(changed.find((c) => c.type === "hrradar.ticket.resolved.v1")?.data).toMatchObject({ handlingMinutes: 20 });
  });

  it("rejects a wrong API token with the vendor's 401", async () => {
    const client = new ZendeskClient(config(), "wrong", createHttpClient({ maxAttempts: 1 }));
    await expect(zendeskFetchTickets(client, "acme", config(), [1000])).rejects.toThrow(/401/);
  });

  it("verifies webhooks on the raw body and names their ticket", () => {
    const built = standin.webhook("ticket.status_changed", 1000);
    const rawBody = Buffer.from(built.body);
    const now = new Date();
    expect(verifyZendeskWebhook({ rawBody, headers: built.headers, secret: "whsec", now })).toEqual({ ok: true });
    expect(verifyZendeskWebhook({ rawBody, headers: built.headers, secret: "other", now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(
      verifyZendeskWebhook({ rawBody: Buffer.from(`${built.body} `), headers: built.headers, secret: "whsec", now }),
    ).toMatchObject({ ok: false });
    const later = new Date(now.getTime() + 10 * 60_000);
    expect(verifyZendeskWebhook({ rawBody, headers: built.headers, secret: "whsec", now: later })).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    expect(verifyZendeskWebhook({ rawBody, headers: {}, secret: "whsec", now })).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(zendeskWebhookTickets(rawBody)).toEqual([1000]);
    expect(zendeskWebhookTickets(Buffer.from("not json"))).toEqual([]);
  });
});
