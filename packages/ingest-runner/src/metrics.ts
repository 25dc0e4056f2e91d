import type { Database } from "@hr-radar/db";
import { quarantineCounts, TREND_SCOPES, type TrendRefreshMetrics, trendStaleness } from "@hr-radar/trends";
import type { Admin } from "kafkajs";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ChunkResult } from "./chunk.ts";
import { consumerLag } from "./lag.ts";

/** What the runner reports as it works. */
export interface IngestMetrics {
  chunkApplied(result: ChunkResult, seconds: number): void;
}

/**
 * The ingest service's series in `registry`:
 * - `hr_radar_ingest_records_total{topic,outcome}`: records by outcome (stored, duplicate,
 *   replayed, dead_lettered), so events in = sum, events out = stored, DLQ = dead_lettered;
 * - `hr_radar_ingest_chunk_duration_seconds{topic}`: one transaction plus the Kafka commit;
 * - `hr_radar_ingest_consumer_lag{topic,partition}`: records waiting, computed at scrape
 *   time from the broker's high watermarks and the offsets stored in Postgres (the
 *   authoritative ones; Kafka's own committed offsets can lag behind them).
 */
export function registerIngestMetrics(
  registry: Registry,
  source: { topic: string; groupId: string; db: Database; admin: () => Admin | undefined },
): IngestMetrics {
  const { topic, groupId } = source;
  const records = new Counter({
    name: "hr_radar_ingest_records_total",
    help: "Records consumed, by outcome: stored, duplicate, replayed, dead_lettered",
    labelNames: ["topic", "outcome"],
    registers: [registry],
  });
  const chunkSeconds = new Histogram({
    name: "hr_radar_ingest_chunk_duration_seconds",
    help: "Time to apply one chunk: Postgres transaction plus Kafka offset commit",
    labelNames: ["topic"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: "hr_radar_ingest_consumer_lag",
    help: "Records on the broker not yet applied to Postgres, per partition",
    labelNames: ["topic", "partition"],
    registers: [registry],
    async collect() {
      const admin = source.admin();
      if (!admin) return;
      const lags = await consumerLag(source.db, admin, { consumerGroup: groupId, topic });
      this.reset();
      for (const l of lags) this.set({ topic, partition: String(l.partition) }, l.lag);
    },
  });
  for (const outcome of ["stored", "duplicate", "replayed", "dead_lettered"]) records.inc({ topic, outcome }, 0);
  return {
    chunkApplied(result, seconds) {
      records.inc({ topic, outcome: "stored" }, result.stored);
      records.inc({ topic, outcome: "duplicate" }, result.duplicates);
      records.inc({ topic, outcome: "replayed" }, result.replayed);
      records.inc({ topic, outcome: "dead_lettered" }, result.deadLettered);
      chunkSeconds.observe({ topic }, seconds);
    },
  };
}

/**
 * The trend refresher's series in `registry`:
 * - `hr_radar_trend_refresh_pending`: organisations (per scope) marked stale, and
 *   `hr_radar_trend_refresh_lag_seconds`: how long the oldest mark has waited, both read
 *   at scrape time (the trends are as current as this lag says), quarantined ones aside;
 * - `hr_radar_trend_refresh_quarantined{scope}`: organisations set aside because their own
 *   data fails the re-derivation (read at scrape time from the quarantine table);
 * - `hr_radar_trend_refreshes_total{scope}`: organisations re-derived;
 * - `hr_radar_trend_refresh_pass_duration_seconds` and `hr_radar_trend_refresh_failures_total`.
 */
export function registerTrendRefreshMetrics(registry: Registry, db: Database): TrendRefreshMetrics {
  // Both gauges read the queue when scraped, each on its own: a value set inside another
  // gauge's collect is only exported on the next scrape (prom-client collects in turn).
  new Gauge({
    name: "hr_radar_trend_refresh_lag_seconds",
    help: "Age of the oldest stale-trend mark (quarantined organisations aside): how far the trend tables may lag the facts",
    registers: [registry],
    async collect() {
      this.set((await trendStaleness(db)).oldestSeconds);
    },
  });
  new Gauge({
    name: "hr_radar_trend_refresh_pending",
    help: "Organisations whose trends are marked stale and wait for the trend refresher",
    registers: [registry],
    async collect() {
      this.set((await trendStaleness(db)).pending);
    },
  });
  new Gauge({
    name: "hr_radar_trend_refresh_quarantined",
    help: "Organisations whose trends cannot be derived from their data and are set aside (retried with backoff), by scope",
    labelNames: ["scope"],
    registers: [registry],
    async collect() {
      const counts = await quarantineCounts(db);
      for (const scope of TREND_SCOPES) this.set({ scope }, counts[scope]);
    },
  });
  const refreshed = new Counter({
    name: "hr_radar_trend_refreshes_total",
    help: "Organisations whose trends were re-derived, by scope",
    labelNames: ["scope"],
    registers: [registry],
  });
  const passSeconds = new Histogram({
    name: "hr_radar_trend_refresh_pass_duration_seconds",
    help: "Time of one trend refresh pass (one transaction)",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const failures = new Counter({
    name: "hr_radar_trend_refresh_failures_total",
    help: "Trend refresh passes that failed (retried with backoff; the marks stay)",
    registers: [registry],
  });
  for (const scope of TREND_SCOPES) refreshed.inc({ scope }, 0);
  return {
    passDone(pass, seconds) {
      for (const scope of TREND_SCOPES) refreshed.inc({ scope }, pass.refreshed[scope]);
      passSeconds.observe(seconds);
    },
    passFailed: () => failures.inc(),
  };
}
