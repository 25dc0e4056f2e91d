// The real thing: an ingest runner with its service's handler, validation and the
// exactly-once effect on, at the shipped default settings unless the spec overrides them.
import type { EventFamily } from "@hr-radar/events";
import type { ContenderResult } from "../child.ts";
import { runPhase } from "../phase.ts";

/** Secret for pseudonymising employee ids; the benchmark's data is synthetic anyway. */
export const BENCH_EMPLOYEE_KEY_SECRET = "bench-secret-0123456789abcdef";

export interface IngestSpec {
  label: string;
  family: EventFamily;
  brokers: string[];
  databaseUrl: string;
  topic: string;
  groupId: string;
  records: number;
  chunkSize: number;
  concurrency: number;
  maxWaitTimeMs: number;
  /** The consumers' clock (ISO), so the seeded history is never in the future. */
  now: string;
}

export async function runIngest(spec: IngestSpec, signal: AbortSignal): Promise<Omit<ContenderResult, "maxRssMb">> {
  const r = await runPhase({
    label: spec.label,
    family: spec.family,
    // only this service's handler, as its process loads it
    handler:
      spec.family === "headcount"
        ? (await import("@hr-radar/ingest-headcount")).headcountHandler(BENCH_EMPLOYEE_KEY_SECRET)
        : (await import("@hr-radar/ingest-tickets")).ticketHandler,
    brokers: spec.brokers,
    databaseUrl: spec.databaseUrl,
    topic: spec.topic,
    groupId: spec.groupId,
    records: spec.records,
    chunkSize: spec.chunkSize,
    concurrency: spec.concurrency,
    maxWaitTimeMs: spec.maxWaitTimeMs,
    now: new Date(spec.now),
    signal,
  });
  return {
    label: spec.label,
    records: spec.records,
    seconds: r.activeSeconds,
    totalSeconds: r.seconds,
    details: {
      chunkSize: spec.chunkSize,
      concurrency: spec.concurrency,
      joinSeconds: r.joinSeconds,
      trendsCurrentSeconds: r.trendsCurrentSeconds,
      assignedAtMs: r.at.assigned,
      lastChunkAtMs: r.at.lastChunk,
      trendsCurrentAtMs: r.at.trendsCurrent,
      chunks: r.chunks.chunks,
      recordsPerChunk: r.chunks.meanRecords,
      p50ms: r.chunks.p50,
      p95ms: r.chunks.p95,
      maxMs: r.chunks.max,
      stored: r.chunks.stored,
      duplicates: r.chunks.duplicates,
      replayed: r.chunks.replayed,
      deadLettered: r.chunks.deadLettered,
    },
  };
}
