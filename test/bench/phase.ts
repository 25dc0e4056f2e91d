// One measured ingest phase: the real runner and handler, and the trend refresher, in this
// process (as an ingest service runs them), consuming a topic from the beginning into a
// database until Postgres' stored offsets say every produced record is applied, and then
// until no trend is marked stale any more.
import { connectDatabase } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import { createIngestRunner, INGEST_DEFAULTS, type IngestHandler } from "@hr-radar/ingest-runner";
import { createKafka } from "@hr-radar/service-kit";
import { createTrendRefresher } from "@hr-radar/trends";
import postgres from "postgres";
import { waitUntilApplied } from "../support/wait.ts";
import { type ChunkSummary, captureLogger, num, progress, reportRate, summariseChunks } from "./measure.ts";

/** What to run. */
export interface PhaseSpec {
  label: string;
  family: EventFamily;
  handler: IngestHandler;
  brokers: string[];
  databaseUrl: string;
  topic: string;
  groupId: string;
  /** Records the topic holds; the phase ends when all of them are applied. */
  records: number;
  chunkSize: number;
  concurrency: number;
  /** The consumer's clock: fixed, so the seeded history is never "in the future". */
  now: Date;
  signal: AbortSignal;
  /** How long a fetch waits on the broker (default 1 s). */
  maxWaitTimeMs?: number;
  /** Fail when the stored offsets do not move for this long. */
  stallMs?: number;
}

/** What a phase measured. */
export interface PhaseResult {
  label: string;
  chunkSize: number;
  concurrency: number;
  records: number;
  /** From runner start until the last record's offset is stored. */
  seconds: number;
  eventsPerSecond: number;
  /** From runner start until the group assigned partitions (join + rebalance). */
  joinSeconds: number;
  /** From partitions assigned (the first fetch) until the last chunk committed. */
  activeSeconds: number;
  /** From partitions assigned until the trend refresher had no stale organisation left. */
  trendsCurrentSeconds: number;
  /**
   * The same instants on the wall clock (ms since the epoch), so the phases of several
   * instances in one consumer group (processes of their own) add up to one window.
   */
  at: { assigned: number; lastChunk: number; trendsCurrent: number };
  chunks: ChunkSummary;
}

/** Runs one phase to completion and returns what it measured; the runner is stopped either way. */
export async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const captured = captureLogger(spec.label);
  const database = connectDatabase(spec.databaseUrl, {
    max: spec.concurrency + INGEST_DEFAULTS.trendRefreshLanes + 1,
    applicationName: `bench-${spec.label}`,
  });
  // A separate connection to watch progress, so polling never takes one the runner needs.
  const monitor = postgres(spec.databaseUrl, { max: 1, onnotice: () => {} });
  const runner = createIngestRunner({
    kafka: createKafka({ brokers: spec.brokers, clientId: `bench-${spec.groupId}`, logger: captured.logger }),
    database,
    logger: captured.logger,
    topic: spec.topic,
    groupId: spec.groupId,
    family: spec.family,
    handler: spec.handler,
    maxRecordBytes: 256 * 1024,
    maxChunkSize: spec.chunkSize,
    concurrency: spec.concurrency,
    maxWaitTimeMs: spec.maxWaitTimeMs ?? 1_000,
    clock: () => spec.now,
  });
  const started = performance.now();
  let seconds: number;
  let trendsCurrentAt: number;
  const refresher = createTrendRefresher({
    db: database.db,
    logger: captured.logger,
    batchSize: INGEST_DEFAULTS.trendRefreshBatch,
    idleMs: INGEST_DEFAULTS.trendRefreshIdleMs,
    lanes: INGEST_DEFAULTS.trendRefreshLanes,
    ingestBusy: runner.busy,
    ingestBehind: runner.behind,
  });
  try {
    await runner.start();
    const { appliedAt, trendsCurrentAt: current } = await waitUntilApplied(monitor, {
      label: spec.label,
      topic: spec.topic,
      groupId: spec.groupId,
      target: spec.records,
      stallMs: spec.stallMs ?? 120_000,
      signal: spec.signal,
      onReport: reportRate(spec.label, " records"),
      onStaleTrends: (pending) =>
        progress(`${spec.label}: every record applied; ${num(pending)} organisations' trends still to refresh`),
    });
    seconds = (appliedAt - started) / 1000;
    trendsCurrentAt = current;
  } finally {
    // Stopping lets the chunk in flight finish, so its log line is counted below.
    await runner
      .stop()
      .catch((error: unknown) => progress(`${spec.label}: stopping the runner failed: ${String(error)}`));
    await refresher.stop();
    await database.close();
    await monitor.end({ timeout: 5 });
  }
  return {
    label: spec.label,
    chunkSize: spec.chunkSize,
    concurrency: spec.concurrency,
    records: spec.records,
    seconds,
    eventsPerSecond: spec.records / seconds,
    joinSeconds: ((captured.assignedAt() ?? Number.NaN) - started) / 1000,
    activeSeconds: (Math.max(...captured.chunks.map((c) => c.at)) - (captured.assignedAt() ?? started)) / 1000,
    trendsCurrentSeconds: (trendsCurrentAt - (captured.assignedAt() ?? started)) / 1000,
    at: {
      assigned: performance.timeOrigin + (captured.assignedAt() ?? started),
      lastChunk: performance.timeOrigin + Math.max(...captured.chunks.map((c) => c.at)),
      trendsCurrent: performance.timeOrigin + trendsCurrentAt,
    },
    chunks: summariseChunks(captured.chunks),
  };
}
