import { describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "./support/database.ts";
import { createTopic, suffix, testKafka } from "./support/kafka.ts";
import { promtoolCheckMetrics, promtoolUnavailable } from "./support/promtool.ts";
import { type ServiceProcess, spawnService } from "./support/services.ts";

const unavailable = promtoolUnavailable();
if (unavailable) console.warn(`metrics-promtool: skipped: ${unavailable}`);

/** The URL a standalone service serves /metrics on, from its start-up log. */
async function metricsUrl(service: ServiceProcess): Promise<string> {
  const line = await service.waitForLog(
    (l) => l.msg === "ops endpoints listening" || l.msg === "api listening",
    60_000,
  );
  return `${String(line.url)}/metrics`;
}

describe.skipIf(unavailable !== null)("metrics of every standalone service", () => {
  it("pass promtool check metrics, carry the process metrics, and the analyzer reports its last success and per-run counts", async () => {
    const db = await createTestDatabase();
    const kafka = testKafka();
    const [headcountTopic, ticketsTopic] = await Promise.all([
      createTopic(kafka, "hris.headcount", 1),
      createTopic(kafka, "hr.tickets", 1),
    ]);
    const common = { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: db.url, INGEST_FETCH_MAX_WAIT_MS: "300" };
    const services = {
      "ingest-headcount": spawnService("ingest-headcount", {
        ...common,
        HEADCOUNT_TOPIC: headcountTopic,
        CONSUMER_GROUP: `prom-h-${suffix()}`,
        EMPLOYEE_KEY_SECRET: "test-secret-0123456789abcdef",
      }),
      "ingest-tickets": spawnService("ingest-tickets", {
        ...common,
        TICKETS_TOPIC: ticketsTopic,
        CONSUMER_GROUP: `prom-t-${suffix()}`,
      }),
      analyzer: spawnService("analyzer", {
        ...common,
        ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
        ANALYZER_CRON: "*/1 * * * * *",
      }),
      api: spawnService("api", { DATABASE_URL: db.url, API_PORT: "0" }),
    };
    await services.analyzer
      .waitForLog((l) => l.msg === "analysis finished", 90_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${services.analyzer.output().slice(-3000)}`);
      });
    for (const [name, service] of Object.entries(services)) {
      const text = await (await fetch(await metricsUrl(service))).text();
      const checked = await promtoolCheckMetrics(text);
      expect(checked, `${name}: ${checked.output}`).toEqual({ code: 0, output: "" });
      // the same process metrics as under `hr-radar up`, with promtool-clean gauge names
      expect(text, name).toMatch(/^hr_radar_process_resident_memory_bytes \d+/m);
      expect(text, name).toMatch(/^hr_radar_nodejs_active_handles \d+/m);
      expect(text, name).not.toMatch(/_active_\w+_total/);
      if (name === "analyzer") {
        const last = Number(/^hr_radar_analysis_last_success_timestamp_seconds\{[^}]*\} (\S+)/m.exec(text)?.[1]);
        expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);
        expect(text).toMatch(/^hr_radar_analysis_organisations_total\{outcome="evaluated",service="analyzer"\} 0/m);
        expect(text).toMatch(/^hr_radar_analysis_alert_changes_total\{change="raised",service="analyzer"\} 0/m);
      }
    }
    // a normal start logs nothing at error level (kafkajs' "group coordinator is not
    // available" while a new group's coordinator loads is a debug line)
    for (const [name, service] of Object.entries(services))
      expect(
        service.logs.filter((l) => (l.level ?? 0) >= 50),
        name,
      ).toEqual([]);
  });
});
