import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { acknowledgeAlert } from "@hr-radar/alerts";
import { createAnalyzer, envSchema } from "@hr-radar/analyzer";
import pino from "pino";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { hired, newOrganisationId, profile, snapshot, ticketVolume } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { readTopic, sendEvents, suffix } from "./support/kafka.ts";
import { startIngestPipeline } from "./support/services.ts";

// The unit a person sees is one staffing recommendation per organisation x function. A
// manufacturer whose safety tickets are escalated has two rules behind one health & safety
// hire (regulation and depth): one alert with two reasons, acknowledged once, changed (not
// re-raised) when the escalations fade, resolved when the specialist starts, and each of
// those changes delivered once.

const mondays = (first: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );

async function receiver() {
  const accepted: { key: string; body: { data: Record<string, unknown> } }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    accepted.push({ key: String(req.headers["idempotency-key"]), body: JSON.parse(text) });
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, accepted };
}

const unitRows = (db: TestDatabase, org: string) => db.sql<
  {
    alert_id: string;
    hr_function: string;
    rule_id: string;
    status: string;
    recommendation: string;
    reasons: { ruleId: string }[];
  }[]
>`
  select alert_id, hr_function, rule_id, status, recommendation, reasons
  from alerts where organisation_id = ${org} order by hr_function, alert_id`;

describe("one staffing recommendation per organisation x function", () => {
  it("raises one alert with two reasons, changes it when a reason leaves, resolves it once, and delivers each change once", async () => {
    const db = await createTestDatabase();
    const { kafka, producer, headcountTopic, ticketsTopic } = await startIngestPipeline(db.client);
    const alertsTopic = `staffing.alerts.${suffix()}`;
    const hook = await receiver();
    const analyzer = await createAnalyzer(
      envSchema.parse({
        KAFKA_BROKERS: inject("kafkaBrokers"),
        DATABASE_URL: db.url,
        ALERTS_TOPIC: alertsTopic,
        ALERT_WEBHOOKS: JSON.stringify([
          { name: "hr-ops", url: hook.url, format: "json", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
        ]),
        ALERT_WEBHOOKS_ALLOW_PRIVATE: "true",
        OUTBOX_RETRY_BASE_MS: "50",
      }),
      pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    );
    onTestFinished(() => analyzer.close());

    // A 150-person manufacturer with two generalists; 40% of its safety tickets escalated.
    const org = newOrganisationId();
    await sendEvents(producer, headcountTopic, [
      profile(org, {
        name: "Forge & Weld",
        industry: "manufacturing",
        helpdeskCategories: { safety: "health_safety" },
      }),
      snapshot(org, "2026-08-31", 150),
      hired(org, "hr-1", "2026-08-31", { hrRole: "generalist" }),
      hired(org, "hr-2", "2026-08-31", { hrRole: "generalist" }),
    ]);
    const deep = mondays("2026-08-31", 10);
    const calm = mondays("2026-11-09", 7);
    await sendEvents(producer, ticketsTopic, [
      ...deep.map((w) =>
        ticketVolume(org, "safety", w, { opened: 30, resolved: 30, escalated: 12, handlingMinutes: 600 }),
      ),
      ...calm.map((w) =>
        ticketVolume(org, "safety", w, { opened: 30, resolved: 30, escalated: 0, handlingMinutes: 600 }),
      ),
    ]);
    await waitUntilConsumed(db, 4 + deep.length + calm.length);

    // Evaluated on 2026-11-10 the window ends at the week of 2026-11-02: ten deep weeks.
    expect(await analyzer.analyse("2026-11-10T12:00:00Z")).toMatchObject({ raised: 2, resolved: 0 });
    const first = await unitRows(db, org);
    expect(first.map((a) => `${a.hr_function} ${a.recommendation}`)).toEqual([
      "compliance hire_specialist",
      "health_safety hire_specialist",
    ]);
    const safety = first.find((a) => a.hr_function === "health_safety")!;
    expect(safety.reasons.map((r) => r.ruleId).sort()).toEqual(["escalation-depth", "regulated-industry"]);
    expect(first.find((a) => a.hr_function === "compliance")!.reasons.map((r) => r.ruleId)).toEqual([
      "regulated-industry",
    ]);

    // Acknowledged once, for the unit.
    expect(await acknowledgeAlert(db.client.db, Number(safety.alert_id), "dana", "2026-11-10T13:00:00Z")).toBe(
      "acknowledged",
    );

    // Six calm weeks later the escalations have cleared: depth leaves the reasons. The same
    // alert changes (delivered as `changed`); the hire still stands, so it stays acknowledged.
    const later = await analyzer.analyse("2026-12-22T12:00:00Z");
    expect(later).toMatchObject({ raised: 0, resolved: 0, changed: 1 });
    const second = await unitRows(db, org);
    expect(second).toHaveLength(2);
    const changed = second.find((a) => a.hr_function === "health_safety")!;
    expect(changed).toMatchObject({ alert_id: safety.alert_id, status: "acknowledged", rule_id: "regulated-industry" });
    expect(changed.reasons.map((r) => r.ruleId)).toEqual(["regulated-industry"]);

    // Evaluated again on the same data: nothing changes.
    expect(await analyzer.analyse("2026-12-22T12:00:00Z")).toMatchObject({ raised: 0, resolved: 0, changed: 0 });

    // A health & safety specialist starts: the unit resolves, compliance stays open.
    await sendEvents(producer, headcountTopic, [
      hired(org, "hr-3", "2026-12-21", { hrRole: "specialist", hrFunction: "health_safety" }),
    ]);
    await waitUntilConsumed(db, 5 + deep.length + calm.length);
    expect(await analyzer.analyse("2026-12-29T12:00:00Z")).toMatchObject({ raised: 0, resolved: 1 });
    const third = await unitRows(db, org);
    expect(third.map((a) => `${a.hr_function} ${a.status}`)).toEqual(["compliance open", "health_safety resolved"]);
    const history = await db.sql`
      select change, jsonb_array_length(reasons)::int as reasons from alert_history
      where alert_id = ${safety.alert_id} order by history_id`;
    expect(history.map((h) => `${h.change}:${h.reasons}`)).toEqual([
      "raised:2",
      "acknowledged:2",
      "changed:1",
      "resolved:1",
    ]);

    // Deliveries: one per delivered change (two raised, one changed, one resolved), on the
    // webhook and the topic, as v2 events with their reasons.
    await eventually(
      async () => {
        await analyzer.deliver();
        expect(hook.accepted).toHaveLength(4);
      },
      20_000,
      100,
    );
    expect(new Set(hook.accepted.map((a) => a.key)).size).toBe(4);
    const safetyChanges = hook.accepted
      .map((a) => a.body.data as { hrFunction: string; change: string; reasons: unknown[] })
      .filter((d) => d.hrFunction === "health_safety")
      .map((d) => `${d.change}:${d.reasons.length}`);
    expect(safetyChanges).toEqual(["raised:2", "changed:1", "resolved:1"]);
    const published = await readTopic(kafka, alertsTopic, 4);
    const events = published.map(
      (m) => JSON.parse(m.value!.toString()) as { id: string; type: string; subject: string },
    );
    expect(events.map((e) => e.id).sort()).toEqual(hook.accepted.map((a) => a.key).sort());
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["hrradar.staffing.alert.v2"]));
    expect(events.map((e) => e.subject)).toContain(`${org}/health_safety`);
  });
});
