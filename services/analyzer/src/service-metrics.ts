import { countAlertsByStatus, countPendingDeliveries, lastCompletedAnalysis } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import { countPendingDigestDeliveries } from "@hr-radar/digest";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { RunSummary } from "./analysis.ts";

/** What the analyzer reports as it works. */
export interface AnalyzerMetrics {
  runFinished(outcome: "completed" | "failed", seconds: number, summary?: RunSummary): void;
  delivered(result: { delivered: number; failed: number }): void;
  digestsDelivered(result: { delivered: number; failed: number; rejected: number }): void;
}

/**
 * The analyzer's series: runs and their duration, what each completed run evaluated and
 * changed, deliveries, and, read from Postgres at scrape time, alerts by status, outbox rows
 * still waiting and the last successful run (so every analyzer instance reports the same,
 * current truth, and a restart does not reset the last success to zero).
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
  new Gauge({
    name: "hr_radar_analysis_last_success_timestamp_seconds",
    help: "When the last analysis run that completed finished (Unix time; 0: none yet); alert on time() minus this",
    registers: [registry],
    async collect() {
      const last = await lastCompletedAnalysis(db);
      this.set(last === null ? 0 : Date.parse(last.finishedAt) / 1000);
    },
  });
  const organisations = new Counter({
    name: "hr_radar_analysis_organisations_total",
    help: "Organisations seen by completed analysis runs, by outcome: evaluated, skipped (another instance held them), quarantined (trends set aside, not evaluated)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const findings = new Counter({
    name: "hr_radar_analysis_findings_total",
    help: "Rule findings of completed analysis runs",
    registers: [registry],
  });
  const changes = new Counter({
    name: "hr_radar_analysis_alert_changes_total",
    help: "Alert changes written by completed analysis runs, by change: raised, resolved, changed",
    labelNames: ["change"],
    registers: [registry],
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
  for (const outcome of ["evaluated", "skipped", "quarantined"]) organisations.inc({ outcome }, 0);
  for (const change of ["raised", "resolved", "changed"]) changes.inc({ change }, 0);
  findings.inc(0);
  for (const outcome of ["delivered", "failed"]) deliveries.inc({ outcome }, 0);
  return {
    runFinished(outcome, seconds, summary) {
      runs.inc({ outcome });
      runSeconds.observe(seconds);
      if (!summary) return;
      organisations.inc({ outcome: "evaluated" }, summary.organisations);
      organisations.inc({ outcome: "skipped" }, summary.skipped);
      organisations.inc({ outcome: "quarantined" }, summary.quarantined);
      findings.inc(summary.findings);
      changes.inc({ change: "raised" }, summary.raised);
      changes.inc({ change: "resolved" }, summary.resolved);
      changes.inc({ change: "changed" }, summary.changed);
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
