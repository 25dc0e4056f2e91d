import { randomBytes } from "node:crypto";
import type { Stack } from "../stack.ts";
import { describeSummary, describeUnmapped } from "./connect.ts";

/** The organisation the BambooHR demo feeds. */
export const BAMBOO_DEMO_ORGANISATION = {
  id: "demo-bamboohr",
  name: "Bamboo Demo Co",
  story:
    "120 people in a stand-in BambooHR with two years of hires and leavers, connected with `hr-radar connect`: " +
    "the first sync sent the history, a webhook then announced today's hire.",
};

/**
 * The whole connector path, on this machine: a BambooHR stand-in (documented API and
 * signed webhooks) with 120 employees, a connection to it, the first sync through the
 * connector service, then a hire announced by a signed webhook. Returns how many records
 * were produced, for the caller to wait for the ingest.
 */
export async function feedFromBambooStandIn(stack: Stack, say: (line: string) => void): Promise<number> {
  const [{ startBambooStandIn }, { connectDatabase }, { saveConnection }] = await Promise.all([
    import("@hr-radar/vendor-standins"),
    import("@hr-radar/db"),
    import("@hr-radar/connectors"),
  ]);
  // the connector service runs in this process: it resolves the secrets from this environment
  process.env.HR_RADAR_DEMO_BAMBOOHR_API_KEY = randomBytes(20).toString("hex");
  process.env.HR_RADAR_DEMO_BAMBOOHR_WEBHOOK_KEY = randomBytes(32).toString("hex");
  const today = new Date().toISOString().slice(0, 10);
  const standIn = await startBambooStandIn({
    apiKey: process.env.HR_RADAR_DEMO_BAMBOOHR_API_KEY,
    webhookKey: process.env.HR_RADAR_DEMO_BAMBOOHR_WEBHOOK_KEY,
    today,
    employees: 120,
  });
  say(
    `BambooHR stand-in: ${standIn.employees.length} employees at ${standIn.baseUrl}/api/gateway.php/${standIn.subdomain}/v1`,
  );
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  try {
    await saveConnection(client.db, {
      connectionId: BAMBOO_DEMO_ORGANISATION.id,
      organisationId: BAMBOO_DEMO_ORGANISATION.id,
      vendor: "bamboohr",
      kind: "hris",
      config: {
        subdomain: standIn.subdomain,
        baseUrl: standIn.baseUrl,
        profile: { name: BAMBOO_DEMO_ORGANISATION.name, industry: "software" },
      },
      credentials: {
        apiKey: { env: "HR_RADAR_DEMO_BAMBOOHR_API_KEY" },
        webhookSecret: { env: "HR_RADAR_DEMO_BAMBOOHR_WEBHOOK_KEY" },
      },
      schedule: "*/15 * * * *",
      snapshotSchedule: "30 23 * * *",
      startDate: new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10),
    });
  } finally {
    await client.close();
  }
  say(
    `connection ${BAMBOO_DEMO_ORGANISATION.id} added (as \`hr-radar connect add\` does); first sync through the connector service`,
  );
  const first = await stack.connect.runNow(BAMBOO_DEMO_ORGANISATION.id, "sync");
  say(`first sync: ${describeSummary(first)}`);
  for (const line of describeUnmapped(first).trimEnd().split("\n").filter(Boolean)) say(line);
  const hire = standIn.hire({ hireDate: today, department: "Engineering", jobTitle: "Software Engineer" });
  const hook = `${stack.connectUrl}/hooks/${BAMBOO_DEMO_ORGANISATION.id}`;
  const answer = await standIn.sendWebhook(hook, "employee.created", hire.id, { changedFields: ["hireDate"] });
  say(`webhook employee.created (signed X-BambooHR-Signature) -> POST ${hook}: ${answer.status}`);
  // queued after the webhook's fetch, so when it is done, so is the fetch
  const after = await stack.connect.runNow(BAMBOO_DEMO_ORGANISATION.id, "reconcile");
  return first.events + 1 + after.events;
}
