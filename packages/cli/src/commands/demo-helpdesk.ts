import { randomBytes } from "node:crypto";
import type { Stack } from "../stack.ts";
import { describeSummary } from "./connect.ts";

/** The helpdesks `hr-radar demo --source bamboohr,<helpdesk>` can feed from a stand-in. */
export const DEMO_HELPDESKS = ["zendesk", "jira-service-management", "merge-ticketing"] as const;
/** One of {@link DEMO_HELPDESKS}. */
export type DemoHelpdesk = (typeof DEMO_HELPDESKS)[number];

const DAY_MS = 86_400_000;

/**
 * A helpdesk stand-in with 26 weeks of HR tickets (Benefits and Payroll at tier 1, HR
 * Specialists at tier 2, time tracking on most tickets), connected to `organisationId`
 * as `hr-radar connect add` does; first sync through the connector service, then a new
 * ticket announced by a signed webhook. Returns how many records were produced.
 */
export async function feedFromHelpdeskStandIn(
  stack: Stack,
  say: (line: string) => void,
  vendor: DemoHelpdesk,
  organisationId: string,
): Promise<number> {
  const standins = await import("@hr-radar/vendor-standins");
  const [{ connectDatabase }, { saveConnection }] = await Promise.all([
    import("@hr-radar/db"),
    import("@hr-radar/connectors"),
  ]);
  // the connector service runs in this process: it resolves the secrets from this environment
  const secret = (name: string) => {
    process.env[name] = randomBytes(24).toString("hex");
    return process.env[name] as string;
  };
  const apiKey = secret("HR_RADAR_DEMO_HELPDESK_API_KEY");
  const webhookKey = secret("HR_RADAR_DEMO_HELPDESK_WEBHOOK_KEY");
  const accountToken = secret("HR_RADAR_DEMO_HELPDESK_ACCOUNT_TOKEN");
  const history = new standins.TicketHistory({
    seed: 42,
    weeks: 26,
    now: new Date(Date.now() - 2 * 3_600_000),
    tier1Groups: ["Benefits", "Payroll"],
    tier2Group: "HR Specialists",
    ticketsPerWeek: 64,
    trackedShare: 0.8,
    escalationShare: 0.2,
  });
  const tiers = { "HR Specialists": 2 };
  let config: Record<string, unknown>;
  let send: (hook: string, ticketId: number) => Promise<number>;
  if (vendor === "zendesk") {
    const zd = await standins.startZendeskStandin({
      history,
      email: "hr-ops@demo.test",
      apiToken: apiKey,
      webhookSecret: webhookKey,
      exportRequestsPerMinute: 600,
    });
    config = {
      baseUrl: zd.url,
      email: "hr-ops@demo.test",
      tiers,
      timeSpentFieldId: standins.ZENDESK_TIME_SPENT_FIELD_ID,
    };
    send = (hook, id) => zd.sendWebhook(hook, "ticket.created", id);
    say(`Zendesk stand-in: ${history.tickets.size} tickets at ${zd.url}/api/v2`);
  } else if (vendor === "jira-service-management") {
    const jira = await standins.startJiraStandin({
      history,
      project: "HR",
      email: "hr-ops@demo.test",
      apiToken: apiKey,
      webhookSecret: webhookKey,
    });
    config = { baseUrl: jira.url, email: "hr-ops@demo.test", project: "HR", tiers };
    send = (hook, id) => jira.sendWebhook(hook, "jira:issue_created", id);
    say(`Jira Service Management stand-in: ${history.tickets.size} issues in project HR at ${jira.url}/rest/api/3`);
  } else {
    const merge = await standins.startMergeTicketingStandin({
      history,
      apiKey,
      accountToken,
      signatureKey: webhookKey,
    });
    config = { baseUrl: merge.url, tiers, remoteTime: { field: standins.MERGE_REMOTE_TIME_FIELD } };
    send = (hook, id) => merge.sendWebhook(hook, "Ticket.added", id);
    say(`Merge Ticketing stand-in: ${history.tickets.size} tickets at ${merge.url}/api/ticketing/v1`);
  }
  const connectionId = `${organisationId}-helpdesk`;
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  try {
    await saveConnection(client.db, {
      connectionId,
      organisationId,
      vendor,
      kind: "helpdesk",
      config,
      credentials: {
        apiKey: { env: "HR_RADAR_DEMO_HELPDESK_API_KEY" },
        webhookSecret: { env: "HR_RADAR_DEMO_HELPDESK_WEBHOOK_KEY" },
        ...(vendor === "merge-ticketing" ? { accountToken: { env: "HR_RADAR_DEMO_HELPDESK_ACCOUNT_TOKEN" } } : {}),
      },
      schedule: "*/15 * * * *",
      snapshotSchedule: null,
      startDate: new Date(Date.now() - 26 * 7 * DAY_MS - DAY_MS).toISOString().slice(0, 10),
    });
  } finally {
    await client.close();
  }
  say(`connection ${connectionId} added; first sync through the connector service`);
  const first = await stack.connect.runNow(connectionId, "sync");
  say(`first sync: ${describeSummary(first)}`);
  const ticket = history.open("Benefits", new Date(Date.now() - 60_000), 1_500);
  const hook = `${stack.connectUrl}/hooks/${connectionId}`;
  say(`webhook for new ticket ${ticket.id} (signed) -> POST ${hook}: ${await send(hook, ticket.id)}`);
  // queued after the webhook's fetch, so when it is done, so is the fetch
  const after = await stack.connect.runNow(connectionId, "reconcile");
  return first.events + 1 + after.events;
}
