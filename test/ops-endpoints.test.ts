import { describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "./support/database.ts";
import { newOrganisationId, ticketOpened, ticketVolume } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { createTopic, sendEvents, sendRaw, suffix, testKafka, testProducer } from "./support/kafka.ts";
import { type ServiceProcess, spawnService } from "./support/services.ts";

/** The ops URL a service logs once it listens (OPS_PORT=0 picks a free port). */
async function opsUrl(service: ServiceProcess): Promise<string> {
  const line = await service.waitForLog((l) => l.msg === "ops endpoints listening");
  return String(line.url);
}

/** The value of one Prometheus series, e.g. metric(text, 'hr_radar_ingest_records_total{...outcome="stored"}'). */
function metric(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(" ").at(-1));
  }
  return undefined;
}

describe("ops endpoints", () => {
  it("ingest: /healthz, /readyz once joined, and metrics for records, dead letters and lag", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const topic = await createTopic(kafka, "hr.tickets", 2);
    const producer = await testProducer(kafka);
    const org = newOrganisationId();
    await sendEvents(producer, topic, [
      ticketOpened(org, "t-1", "benefits", "2026-10-05T09:00:00Z"),
      ticketVolume(org, "payroll", "2026-10-05", { opened: 4, resolved: 4, handlingMinutes: 60 }),
    ]);
    await sendRaw(producer, topic, [{ key: org, value: "{not json" }]);

    const service = spawnService("ingest-tickets", {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      TICKETS_TOPIC: topic,
      CONSUMER_GROUP: `ops-${suffix()}`,
      INGEST_FETCH_MAX_WAIT_MS: "300",
    });
    const url = await opsUrl(service);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const healthz = await fetch(`${url}/healthz`);
    expect(healthz.status).toBe(200);

    const ready = await eventually(async () => {
      const r = await fetch(`${url}/readyz`);
      const body = (await r.json()) as { ready: boolean; checks: Record<string, { ready: boolean }> };
      if (r.status !== 200) throw new Error(`not ready yet: ${JSON.stringify(body)}`);
      return body;
    });
    expect(ready.checks).toMatchObject({ kafka: { ready: true }, database: { ready: true } });

    const text = await eventually(async () => {
      const t = await (await fetch(`${url}/metrics`)).text();
      if (metric(t, "hr_radar_ingest_records_total", { outcome: "stored" }) !== 2) throw new Error("not consumed yet");
      return t;
    });
    expect(metric(text, "hr_radar_ingest_records_total", { outcome: "dead_lettered", service: "ingest-tickets" })).toBe(
      1,
    );
    // every record applied: nothing waits on either partition
    expect(metric(text, "hr_radar_ingest_consumer_lag", { partition: "0" })).toBe(0);
    expect(metric(text, "hr_radar_ingest_consumer_lag", { partition: "1" })).toBe(0);
    expect(text).toContain("hr_radar_ingest_chunk_duration_seconds_bucket");
    expect((await fetch(`${url}/nope`)).status).toBe(404);

    service.signal("SIGTERM");
    expect(await service.exited).toBe(0);
  });

  it("ingest: a quarantined organisation is listed by /readyz and counted, and the service stays ready", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const topic = await createTopic(kafka, "hr.tickets", 1);
    // a profile stored before ingest checked time zones: Postgres does not know this one
    const org = newOrganisationId();
    await db.sql`insert into organisations (organisation_id, name, time_zone, profile_time)
                 values (${org}, 'Poisoned', 'US/Pacific-New', now())`;
    await db.sql`insert into tickets (organisation_id, ticket_id, category, opened_at)
                 values (${org}, 't1', 'benefits', '2026-10-05T09:00:00Z')`;
    await db.sql`insert into trend_refresh_queue (scope, organisation_id, everything) values ('function-load', ${org}, true)`;
    const service = spawnService("ingest-tickets", {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      TICKETS_TOPIC: topic,
      CONSUMER_GROUP: `ops-${suffix()}`,
      INGEST_FETCH_MAX_WAIT_MS: "300",
    });
    const url = await opsUrl(service);
    const entered = await service.waitForLog((l) => l.level === 50 && l.organisationId === org);
    expect(entered.error).toBe('time zone "US/Pacific-New" not recognized');
    const ready = await eventually(async () => {
      const r = await fetch(`${url}/readyz`);
      if (r.status !== 200) throw new Error(`not ready yet: ${r.status}`);
      return (await r.json()) as { checks: Record<string, { ready: boolean; detail?: string }> };
    });
    expect(ready.checks.trends?.ready).toBe(true);
    expect(ready.checks.trends?.detail).toContain(`${org} (function-load, since `);
    expect(ready.checks.trends?.detail).toContain("not recognized");
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(metric(text, "hr_radar_trend_refresh_quarantined", { scope: "function-load" })).toBe(1);
    expect(metric(text, "hr_radar_trend_refresh_quarantined", { scope: "headcount" })).toBe(0);
    // the quarantined mark does not count as lag: the other organisations' trends are current
    expect(text).toMatch(/^hr_radar_trend_refresh_lag_seconds\{service="ingest-tickets"\} 0$/m);
    service.signal("SIGTERM");
    expect(await service.exited).toBe(0);
  });

  it("ingest: /readyz is 503 with the reason while the database is unreachable", async () => {
    const kafka = testKafka();
    const topic = await createTopic(kafka, "hr.tickets", 1);
    const service = spawnService("ingest-tickets", {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      // nothing listens on port 1; the service still starts and says why it is not ready
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
      TICKETS_TOPIC: topic,
      CONSUMER_GROUP: `ops-${suffix()}`,
    });
    const url = await opsUrl(service);
    const r = await fetch(`${url}/readyz`);
    const body = (await r.json()) as { checks: Record<string, { ready: boolean; detail?: string }> };
    expect(r.status).toBe(503);
    expect(body.checks.database?.ready).toBe(false);
    expect(body.checks.database?.detail).toMatch(/ECONNREFUSED|connect/);
    service.signal("SIGTERM");
    await service.exited;
  });

  it("analyzer: ready with a database, alert and run metrics", async () => {
    const db = await createTestDatabase();
    const analyzer = spawnService("analyzer", {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
      ANALYZER_CRON: "*/1 * * * * *",
      OUTBOX_POLL_MS: "200",
    });
    const url = await opsUrl(analyzer);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await analyzer.waitForLog((l) => l.msg === "analysis finished", 15_000);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(
      metric(text, "hr_radar_analyzer_runs_total", { outcome: "completed", service: "analyzer" }),
    ).toBeGreaterThanOrEqual(1);
    expect(metric(text, "hr_radar_alerts", { status: "open" })).toBe(0);
    expect(text).toMatch(/^hr_radar_alert_outbox_pending\{service="analyzer"\} 0$/m);
    analyzer.signal("SIGTERM");
    expect(await analyzer.exited).toBe(0);
  });
});
