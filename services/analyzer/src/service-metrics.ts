import { countAlertsByStatus, countPendingDeliveries } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import { countPendingDigestDeliveries } from "@hr-radar/digest";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** What the analyzer reports as it works. */
export interface AnalyzerMetrics {
  runFinished(outcome: "completed" | "failed", seconds: number): void;
  delivered(result: { delivered: number; failed: number }): void;
  digestsDelivered(result: { delivered: number; failed: number; rejected: number }): void;
}

/**
 * The analyzer's series: runs and their duration, deliveries, and, read from Postgres at
 * scrape time, alerts by status and outbox rows still waiting (so every analyzer instance
 * reports the same, current truth).
 */
export function registerAnalyzerMetrics(registry: Registry, db: Database): AnalyzerMetrics {
  const runs = new Counter({
    name: "hr_radar_analyzer_runs_total",
    help: "Analysis runs, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const runSeconds = new Histogram({
    name: "hr_radar_analyzer_run_duration_seconds",
    help: "Wall time of one analysis run over every organisation",
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "hr_radar_alert_deliveries_total",
    help: "Outbox delivery attempts, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  new Gauge({
    name: "hr_radar_alerts",
    help: "Alerts in the alerts table, by status",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      for (const r of await countAlertsByStatus(db)) this.set({ status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "hr_radar_alert_outbox_pending",
    help: "Alert deliveries not yet accepted by their channel",
    registers: [registry],
    async collect() {
      this.set(await countPendingDeliveries(db));
    },
  });
  const digestDeliveries = new Counter({
    name: "hr_radar_digest_deliveries_total",
    help: "Digest delivery attempts (e-mail, Teams), by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  new Gauge({
    name: "hr_radar_digest_outbox_pending",
    help: "Digest deliveries neither accepted nor refused for good by their channel",
    registers: [registry],
    async collect() {
      this.set(await countPendingDigestDeliveries(db));
    },
  });
  for (const outcome of ["delivered", "failed", "rejected"]) digestDeliveries.inc({ outcome }, 0);
  for (const outcome of ["completed", "failed"]) runs.inc({ outcome }, 0);
  for (const outcome of ["delivered", "failed"]) deliveries.inc({ outcome }, 0);
  return {
    runFinished(outcome, seconds) {
      runs.inc({ outcome });
      runSeconds.observe(seconds);
    },
    digestsDelivered(result) {
      for (const outcome of ["delivered", "failed", "rejected"] as const)
        digestDeliveries.inc({ outcome }, result[outcome]);
    },
    delivered({ delivered, failed }) {
      deliveries.inc({ outcome: "delivered" }, delivered);
      deliveries.inc({ outcome: "failed" }, failed);
    },
  };
}
