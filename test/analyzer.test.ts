import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { acknowledgeAlert } from "@hr-radar/alerts";
import { type Analyzer, createAnalyzer, envSchema } from "@hr-radar/analyzer";
import pino from "pino";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { hired, newOrganisationId, profile, snapshot, ticketVolume } from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { readTopic, sendEvents, suffix } from "./support/kafka.ts";
import { startIngestPipeline } from "./support/services.ts";

/** Mondays from `first`, `count` weeks. */
const mondays = (first: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );

/**
 * A webhook receiver that answers 500 to the first delivery of every idempotency key and
 * 200 to the next, and remembers what it accepted.
 */
async function flakyReceiver() {
  const seenOnce = new Set<string>();
  const accepted: { key: string; body: Record<string, unknown>; path: string }[] = [];
  let requests = 0;
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    requests++;
    const key = String(req.headers["idempotency-key"]);
    if (req.url === "/hook" && !seenOnce.has(key)) {
      seenOnce.add(key);
      res.writeHead(500).end("try again");
      return;
    }
    accepted.push({ key, body: JSON.parse(text) as Record<string, unknown>, path: req.url ?? "" });
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, accepted, requests: () => requests };
}

const WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const alertRows = (db: TestDatabase, org: string) => db.sql`
  select alert_id, hr_function, rule_id, status, recommendation, severity, summary, evidence, updated_at
  from alerts where organisation_id = ${org} order by alert_id`;

const counts = async (db: TestDatabase) => {
  const [row] = await db.sql`
    select (select count(*) from alerts)::int as alerts, (select count(*) from alert_history)::int as history,
           (select count(*) from alert_outbox)::int as outbox`;
  return row;
};

describe("analyzer", () => {
  it("raises explainable alerts from Kafka events, is idempotent, resolves cleared load and delivers each change once", async () => {
    const db = await createTestDatabase();
    const { kafka, producer, headcountTopic, ticketsTopic } = await startIngestPipeline(db.client);
    const alertsTopic = `staffing.alerts.${suffix()}`;
    const receiver = await flakyReceiver();
    const env = envSchema.parse({
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      ALERTS_TOPIC: alertsTopic,
      ALERT_WEBHOOKS: JSON.stringify([
        { name: "hr-ops", url: `${receiver.base}/hook`, format: "json", secret: WEBHOOK_SECRET },
        { name: "slack", url: `${receiver.base}/slack`, format: "slack", secret: WEBHOOK_SECRET },
      ]),
      // the receiver is on 127.0.0.1
      ALERT_WEBHOOKS_ALLOW_PRIVATE: "true",
      OUTBOX_RETRY_BASE_MS: "50",
    });
    const analyzer: Analyzer = await createAnalyzer(env, pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
    onTestFinished(() => analyzer.close());

    // A 150-person company with two HR generalists; benefits questions take ~31 hours a week.
    const org = newOrganisationId();
    await sendEvents(producer, headcountTopic, [
      profile(org, {
        name: "Benefit Heavy Ltd",
        industry: "technology",
        helpdeskCategories: { "benefits-questions": "benefits" },
      }),
      snapshot(org, "2026-08-31", 150),
      hired(org, "hr-1", "2026-08-31", { hrRole: "generalist" }),
      hired(org, "hr-2", "2026-08-31", { hrRole: "generalist" }),
    ]);
    const heavyWeeks = mondays("2026-08-31", 10);
    await sendEvents(
      producer,
      ticketsTopic,
      heavyWeeks.map((week) =>
        ticketVolume(org, "benefits-questions", week, { opened: 40, resolved: 40, handlingMinutes: 1840 }),
      ),
    );
    await waitUntilConsumed(db, 4 + heavyWeeks.length);

    const first = await analyzer.analyse("2026-11-06T12:00:00Z");
    expect(first).toMatchObject({ organisations: 1, skipped: 0, raised: 1, resolved: 0 });
    const [alert] = await alertRows(db, org);
    expect(alert).toMatchObject({
      hr_function: "benefits",
      rule_id: "sustained-load",
      status: "open",
      recommendation: "hire_specialist",
    });
    expect(alert?.summary).toMatch(/benefits/i);
    const evidence = alert?.evidence as {
      average: number;
      thresholds: { raise: number; clear: number };
      window: { weeks: number };
    };
    expect(evidence.average).toBeGreaterThan(1.1);
    expect(evidence.thresholds).toMatchObject({ raise: 0.8, clear: 0.6 });
    expect(evidence.window.weeks).toBeGreaterThanOrEqual(8);

    // A person acknowledges it: recorded in the history, not delivered.
    expect(await acknowledgeAlert(db.client.db, Number(alert!.alert_id), "dana", "2026-11-06T13:00:00Z")).toBe(
      "acknowledged",
    );
    expect(await acknowledgeAlert(db.client.db, Number(alert!.alert_id), "dana", "2026-11-06T13:00:00Z")).toBe(
      "not-open",
    );

    // The same data evaluated again: nothing changes, nothing is delivered again.
    const before = await counts(db);
    const rowsBefore = await alertRows(db, org);
    const second = await analyzer.analyse("2026-11-06T12:00:00Z");
    expect(second).toMatchObject({ raised: 0, resolved: 0, changed: 0 });
    expect(await counts(db)).toEqual(before);
    expect(await alertRows(db, org)).toEqual(rowsBefore);
    expect(rowsBefore[0]?.status).toBe("acknowledged");

    // The load falls away: five light weeks, then the alert clears after the sustained period.
    const lightWeeks = mondays("2026-11-09", 5);
    await sendEvents(
      producer,
      ticketsTopic,
      lightWeeks.map((week) =>
        ticketVolume(org, "benefits-questions", week, { opened: 4, resolved: 4, handlingMinutes: 120 }),
      ),
    );
    await waitUntilConsumed(db, 4 + heavyWeeks.length + lightWeeks.length);
    const third = await analyzer.analyse("2026-12-11T12:00:00Z");
    expect(third).toMatchObject({ resolved: 1 });
    const [resolved] = await alertRows(db, org);
    expect(resolved).toMatchObject({ status: "resolved", alert_id: alert?.alert_id });
    const history =
      await db.sql`select change from alert_history where alert_id = ${alert!.alert_id} order by history_id`;
    expect(history.map((h) => h.change)).toEqual(["raised", "acknowledged", "resolved"]);

    // Every change reaches each receiver exactly once by idempotency key, the flaky one
    // after its first 500, and the Kafka topic once per change.
    await eventually(
      async () => {
        await analyzer.deliver();
        expect(receiver.accepted.filter((a) => a.path === "/hook")).toHaveLength(2);
        expect(receiver.accepted.filter((a) => a.path === "/slack")).toHaveLength(2);
      },
      20_000,
      100,
    );
    const hookKeys = receiver.accepted.filter((a) => a.path === "/hook").map((a) => a.key);
    expect(new Set(hookKeys).size).toBe(2);
    expect(receiver.requests()).toBe(6);
    const changes = receiver.accepted
      .filter((a) => a.path === "/hook")
      .map((a) => (a.body.data as { change: string }).change);
    expect(changes).toEqual(["raised", "resolved"]);
    const slack = receiver.accepted.find((a) => a.path === "/slack")!.body;
    expect(slack.text).toMatch(/Benefit Heavy Ltd/);
    expect(Array.isArray(slack.blocks)).toBe(true);
    const published = await readTopic(kafka, alertsTopic, 2);
    expect(published.map((m) => JSON.parse(m.value!.toString()).id)).toEqual(hookKeys);
    const [pending] = await db.sql`select count(*)::int as n from alert_deliveries where delivered_at is null`;
    expect(pending?.n).toBe(0);
  });
});
