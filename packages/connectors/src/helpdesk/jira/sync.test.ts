import { startJiraStandin, TicketHistory } from "@hr-radar/vendor-standins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../core/http-client.ts";
import { foldLoad } from "../load-fold.ts";
import type { TicketChange } from "../ticket-changes.ts";
import { JiraClient, jqlMinute } from "./client.ts";
import { jiraConfigSchema } from "./config.ts";
import { normaliseJiraIssue } from "./normalise.ts";
import { jiraWebhookChanges, verifyJiraWebhook } from "./webhook.ts";

// Client and normaliser against the local Jira stand-in, compared with its own counts.

const now = new Date("2026-11-30T12:00:00Z");
const history = new TicketHistory({
  seed: 11,
  weeks: 6,
  now,
  tier1Groups: ["Benefits", "Payroll"],
  tier2Group: "HR Specialists",
  ticketsPerWeek: 15,
});
let jira: Awaited<ReturnType<typeof startJiraStandin>>;
const config = () =>
  jiraConfigSchema.parse({
    baseUrl: jira.url,
    email: "ops@acme.test",
    project: "HR",
    tiers: { "HR Specialists": 2 },
    pageSize: 20,
  });

beforeAll(async () => {
  jira = await startJiraStandin({
    history,
    project: "HR",
    email: "ops@acme.test",
    apiToken: "tok",
    webhookSecret: "whsec",
  });
});
afterAll(() => jira.close());

async function collect(
  pages: AsyncIterable<{ records: Parameters<typeof normaliseJiraIssue>[1][] }>,
): Promise<TicketChange[]> {
  const changes: TicketChange[] = [];
  for await (const page of pages)
    for (const record of page.records) {
      const result = normaliseJiraIssue("acme", record, config());
      expect(result.issues).toEqual([]);
      changes.push(...result.changes);
    }
  return changes;
}

describe("Jira Service Management sync against the stand-in", () => {
  it("turns JQL pages (changelog, paged worklogs) into the stand-in's own counts, through a 429", async () => {
    jira.throttleNext(1, "/rest/api/3/search/jql", 1);
    const client = new JiraClient(config(), "tok", createHttpClient({ baseDelayMs: 10 }));
    const changes = await collect(client.updatedSince(new Date(now.getTime() - 7 * 7 * 86_400_000)));
    expect(jira.throttled()).toBe(1);
    expect(jira.requests.some((r) => r.includes("/worklog"))).toBe(true);
    expect(foldLoad(changes)).toEqual(history.expectedLoad());
    expect(
      history.expectedLoad().some((w) => w.escalated > 0 && w.handlingMinutes > 0 && w.resolvedWithoutMinutes > 0),
    ).toBe(true);
  });

  it("fetches issues by key, and an issue without worklogs resolves without minutes", async () => {
    const untracked = [...history.tickets.values()].find((t) => t.trackedSeconds === undefined && history.isSolved(t));
    if (untracked === undefined) throw new Error("fixture has no untracked solved ticket");
    const changes = await collect(new JiraClient(config(), "tok", createHttpClient()).byKeys([jira.key(untracked.id)]));
    const resolved = changes.find((c) => c.type === "hrradar.ticket.resolved.v1");
    expect(resolved?.data.ticketId).toBe(jira.key(untracked.id));
    expect(resolved?.data).not.toHaveProperty("handlingMinutes");
  });

  it("formats JQL minutes in UTC", () => {
    expect(jqlMinute(new Date("2026-03-04T05:06:59Z"))).toBe("2026/03/04 05:06");
  });

  it("verifies X-Hub-Signature on the raw body and names the issue", async () => {
    let captured: { body: Buffer; headers: Record<string, string | undefined> } | undefined;
    const { createServer } = await import("node:http");
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      captured = { body: Buffer.concat(chunks), headers: req.headers as Record<string, string | undefined> };
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const ticket = [...history.tickets.values()][0];
    if (ticket === undefined) throw new Error("empty fixture");
    await jira.sendWebhook(`http://127.0.0.1:${port}/`, "jira:issue_updated", ticket.id);
    server.close();
    if (captured === undefined) throw new Error("no webhook captured");
    const at = new Date();
    expect(verifyJiraWebhook({ rawBody: captured.body, headers: captured.headers, secret: "whsec", now: at })).toEqual({
      ok: true,
    });
    expect(verifyJiraWebhook({ rawBody: captured.body, headers: captured.headers, secret: "nope", now: at })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(
      verifyJiraWebhook({
        rawBody: captured.body,
        headers: captured.headers,
        secret: "whsec",
        now: new Date(at.getTime() + 3_600_000),
      }),
    ).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    expect(verifyJiraWebhook({ rawBody: captured.body, headers: {}, secret: "whsec", now: at })).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(jiraWebhookChanges(captured.body)).toEqual([
      { recordId: jira.key(ticket.id), action: "jira:issue_updated" },
    ]);
    expect(jiraWebhookChanges(Buffer.from("{"))).toBeNull();
  });
});
