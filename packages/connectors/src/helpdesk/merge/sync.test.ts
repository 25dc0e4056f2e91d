import {
  MERGE_REMOTE_TIME_FIELD,
  signMerge,
  startMergeTicketingStandin,
  TicketHistory,
} from "@hr-radar/vendor-standins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../core/http-client.ts";
import { foldLoad } from "../load-fold.ts";
import type { TicketChange } from "../ticket-changes.ts";
import { MergeTicketingClient } from "./client.ts";
import { mergeTicketingConfigSchema } from "./config.ts";
import { type MergeTicketState, normaliseMergeTicket } from "./normalise.ts";
import { mergeWebhookChanges, verifyMergeWebhook } from "./webhook.ts";

const now = new Date("2026-11-30T12:00:00Z");
const history = new TicketHistory({
  seed: 5,
  weeks: 6,
  now,
  tier1Groups: ["Benefits", "Payroll"],
  tier2Group: "HR Specialists",
  ticketsPerWeek: 15,
});
let merge: Awaited<ReturnType<typeof startMergeTicketingStandin>>;
const config = () =>
  mergeTicketingConfigSchema.parse({
    baseUrl: merge.url,
    tiers: { "HR Specialists": 2 },
    remoteTime: { field: MERGE_REMOTE_TIME_FIELD },
    pageSize: 25,
  });

beforeAll(async () => {
  merge = await startMergeTicketingStandin({ history, apiKey: "key", accountToken: "acct", signatureKey: "sig" });
});
afterAll(() => merge.close());

describe("Merge Ticketing against the stand-in", () => {
  it("turns the Ticket pages into the stand-in's own counts (escalations seen at the last update), through a 429", async () => {
    merge.throttleNext(1, "/api/ticketing", 1);
    const client = new MergeTicketingClient(config(), "key", "acct", createHttpClient({ baseDelayMs: 10 }));
    const changes: TicketChange[] = [];
    const states = new Map<string, MergeTicketState | null>();
    for await (const page of client.modifiedAfter(null))
      for (const ticket of page) {
        const result = normaliseMergeTicket("acme", ticket, undefined, config());
        expect(result.issues).toEqual([]);
        changes.push(...result.changes);
        states.set(ticket.id, result.state);
      }
    expect(merge.throttled()).toBe(1);
    expect(foldLoad(changes)).toEqual(history.expectedLoad({}, { escalationSeenAt: "last-update" }));
    expect(history.expectedLoad().some((w) => w.escalated > 0 && w.handlingMinutes > 0)).toBe(true);

    // With the stored state, a refetch sends no second escalation; a later move up does.
    const escalated = [...history.tickets.values()].find((t) => t.escalation !== undefined);
    if (escalated === undefined) throw new Error("fixture has no escalation");
    const ticket = await client.ticket(merge.mergeId(escalated.id));
    if (ticket === null) throw new Error("ticket not found");
    const again = normaliseMergeTicket("acme", ticket, states.get(ticket.id) ?? undefined, config());
    expect(again.changes.map((c) => c.type)).not.toContain("hrradar.ticket.escalated.v1");
    const tier3 = normaliseMergeTicket("acme", ticket, again.state ?? undefined, {
      ...config(),
      tiers: { "HR Specialists": 3 },
    });
    expect(tier3.changes.find((c) => c.type === "hrradar.ticket.escalated.v1")?.data).toMatchObject({
      fromTier: 2,
      toTier: 3,
    });
  });

  it("omits minutes without a remote_data field, forgets deleted tickets, and reports a missing category", () => {
    const base = {
      id: "m-1",
      remote_id: "77",
      remote_created_at: "2026-10-05T09:00:00Z",
      status: "CLOSED",
      completed_at: "2026-10-06T10:00:00Z",
    };
    const noType = normaliseMergeTicket("acme", base, undefined, config());
    expect(noType.changes[1]?.data).toEqual({
      organisationId: "acme",
      ticketId: "77",
      category: "uncategorised",
      resolvedAt: "2026-10-06T10:00:00.000Z",
    });
    expect(noType.issues.map((i) => i.code)).toEqual(["missing_category"]);
    expect(normaliseMergeTicket("acme", { ...base, remote_was_deleted: true }, undefined, config())).toEqual({
      changes: [],
      issues: [],
      state: null,
    });
  });

  it("verifies X-Merge-Webhook-Signature (base64url HMAC of the raw body) and names the ticket", () => {
    const body = Buffer.from(
      JSON.stringify({ hook: { event: "Ticket.changed" }, linked_account: {}, data: { id: "abc" } }),
    );
    const headers = { "x-merge-webhook-signature": signMerge("sig", body.toString()) };
    expect(verifyMergeWebhook({ rawBody: body, headers, secret: "sig" })).toEqual({ ok: true });
    expect(verifyMergeWebhook({ rawBody: body, headers, secret: "other" })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyMergeWebhook({ rawBody: body, headers: {}, secret: "sig" })).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(mergeWebhookChanges(body)).toEqual([{ recordId: "abc", action: "Ticket.changed" }]);
    expect(mergeWebhookChanges(Buffer.from("nope"))).toBeNull();
  });
});
