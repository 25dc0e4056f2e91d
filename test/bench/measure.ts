// What the benchmark measures, and how it prints it: per-chunk timings read from the
// runner's own "batch applied" log lines, percentiles, progress lines and plain tables.
import pino, { type Logger } from "pino";
import { type RateReport, waitForCount } from "../support/wait.ts";

/** One "batch applied" line of the ingest runner. */
export interface ChunkTiming {
  partition: number;
  received: number;
  stored: number;
  duplicates: number;
  replayed: number;
  deadLettered: number;
  ms: number;
  /** performance.now() when the line was logged: just after the chunk committed. */
  at: number;
}

/** A pino logger whose lines are parsed in-process instead of printed. */
export interface CapturedLogger {
  logger: Logger;
  chunks: ChunkTiming[];
  /** performance.now() of the first "partitions assigned" line, if any. */
  assignedAt(): number | undefined;
}

/**
 * The runner logs each applied chunk with its counts and `ms` (the transaction plus the
 * Kafka offset commit); capturing the lines measures exactly what the service reports in
 * production. Warnings and errors still go to stderr, so a stall is visible.
 */
export function captureLogger(label: string): CapturedLogger {
  const chunks: ChunkTiming[] = [];
  let assignedAt: number | undefined;
  const destination = {
    write(line: string) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === "batch applied") chunks.push({ ...(entry as unknown as ChunkTiming), at: performance.now() });
      else if (entry.msg === "partitions assigned") assignedAt ??= performance.now();
      if (typeof entry.level === "number" && entry.level >= 40) process.stderr.write(`[${label}] ${line}`);
    },
  };
  return { logger: pino({ level: "info" }, destination), chunks, assignedAt: () => assignedAt };
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Latency summary of a phase's chunks. */
export interface ChunkSummary {
  chunks: number;
  meanRecords: number;
  p50: number;
  p95: number;
  max: number;
  stored: number;
  duplicates: number;
  replayed: number;
  deadLettered: number;
}

/** Counts and latency percentiles over a phase's "batch applied" lines. */
export function summariseChunks(chunks: readonly ChunkTiming[]): ChunkSummary {
  const ms = chunks.map((c) => c.ms).sort((a, b) => a - b);
  const sum = (pick: (c: ChunkTiming) => number) => chunks.reduce((total, c) => total + pick(c), 0);
  return {
    chunks: chunks.length,
    meanRecords: chunks.length === 0 ? 0 : sum((c) => c.received) / chunks.length,
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: ms.at(-1) ?? Number.NaN,
    stored: sum((c) => c.stored),
    duplicates: sum((c) => c.duplicates),
    replayed: sum((c) => c.replayed),
    deadLettered: sum((c) => c.deadLettered),
  };
}

/** Progress goes to stderr, so stdout carries only the results. */
export function progress(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** A number with thousands separators and a fixed number of decimals. */
export function num(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return "-";
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A plain-text table: first column left-aligned, the rest right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A progress line for every report of a wait: how far, and how fast over the last window. */
export function reportRate(label: string, unit = ""): (report: RateReport) => void {
  return ({ count, target, perSecond, windowSeconds }) =>
    progress(
      `${label}: ${num(count)} / ${num(target)}${unit} (${num((100 * count) / target)}%), ${num(perSecond)} ev/s over the last ${num(windowSeconds)} s`,
    );
}

/**
 * Waits until `count()` reaches `target`, printing progress every 3 s; fails when the
 * count does not move for `stallMs` or the run is interrupted.
 */
export async function waitWithProgress(
  label: string,
  count: () => number,
  target: number,
  signal: AbortSignal,
  stallMs = 120_000,
): Promise<void> {
  await waitForCount({
    label,
    count,
    target,
    reached: "at least",
    stallMs,
    signal,
    intervalMs: 100,
    onReport: reportRate(label),
  });
}
