// Waiting on an asynchronous pipeline by what it has done, not for a guessed time: one
// count-watching loop (with a stall limit, a deadline and progress reports) and, on top of
// it, "every record applied and every trend refreshed" as Postgres records it. Nothing here
// depends on vitest, so the fault suite's and the benchmark's programs use it too.
import type postgres from "postgres";

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** What to watch and when to give up. */
export interface CountWait {
  /** Starts every error message. */
  label: string;
  count: () => number | Promise<number>;
  /** Read again on every poll when a function (a topic that is still being filled). */
  target: number | (() => number | Promise<number>);
  /** "exactly" (the default) keeps waiting past the target, so an overshoot fails as a stall. */
  reached?: "exactly" | "at least";
  /** Fails when the count has not moved for this long. */
  stallMs?: number;
  /** Fails when the target is not reached within this long, moving or not. */
  timeoutMs?: number;
  signal?: AbortSignal;
  intervalMs?: number;
  /** Called after every poll, the one that reaches the target too. */
  onPoll?: (count: number, target: number) => void;
  /** Called every `reportEveryMs` (3 s) with the rate since the previous report. */
  onReport?: (report: RateReport) => void;
  reportEveryMs?: number;
}

/** How far a wait has got, and how fast it moved since the previous report. */
export interface RateReport {
  count: number;
  target: number;
  perSecond: number;
  windowSeconds: number;
}

/** Polls until the count reaches the target; returns performance.now() at that poll. */
export async function waitForCount(wait: CountWait): Promise<number> {
  const started = performance.now();
  const deadline = wait.timeoutMs === undefined ? Number.POSITIVE_INFINITY : started + wait.timeoutMs;
  let last = { count: Number.NaN, at: started };
  let reported = { count: 0, at: started };
  for (;;) {
    if (wait.signal?.aborted) throw new Error("interrupted");
    const count = await wait.count();
    const target = typeof wait.target === "number" ? wait.target : await wait.target();
    const now = performance.now();
    wait.onPoll?.(count, target);
    if (wait.reached === "at least" ? count >= target : count === target) return now;
    if (count !== last.count) last = { count, at: now };
    else if (wait.stallMs !== undefined && now - last.at > wait.stallMs)
      throw new Error(`${wait.label}: stalled at ${count} of ${target} for ${wait.stallMs / 1000} s`);
    if (now > deadline) throw new Error(`${wait.label}: ${count} of ${target} after ${wait.timeoutMs} ms`);
    if (wait.onReport && now - reported.at >= (wait.reportEveryMs ?? 3_000)) {
      const windowSeconds = (now - reported.at) / 1000;
      wait.onReport({ count, target, perSecond: (count - reported.count) / windowSeconds, windowSeconds });
      reported = { count, at: now };
    }
    await sleep(wait.intervalMs ?? 200);
  }
}

/** Which stored offsets count, and how long to wait for them. */
export interface AppliedWait
  extends Pick<CountWait, "target" | "stallMs" | "timeoutMs" | "signal" | "onPoll" | "onReport"> {
  label: string;
  /** Only this topic's offsets (all topics when absent). */
  topic?: string;
  /** Only this consumer group's offsets. */
  groupId?: string;
  /** Called whenever the number of organisations with stale trends changes. */
  onStaleTrends?: (organisations: number) => void;
}

/** When the last record was applied, and when the trends were current (performance.now()). */
export interface Applied {
  appliedAt: number;
  trendsCurrentAt: number;
}

/**
 * Waits until the ingest services have applied `target` records (the sum of the offsets
 * Postgres stores, which a chunk commits with its facts), and then until their trend
 * refreshers have re-derived every organisation marked stale.
 */
export async function waitUntilApplied(sql: postgres.Sql, wait: AppliedWait): Promise<Applied> {
  const started = performance.now();
  const appliedAt = await waitForCount({
    ...wait,
    count: () => appliedRecords(sql, wait),
  });
  let lastStale = -1;
  const trendsCurrentAt = await waitForCount({
    label: `${wait.label}: every record applied, organisations' trends still to refresh`,
    count: async () => {
      const [row] = await sql<{ stale: number }[]>`select count(*)::int as stale from trend_refresh_queue`;
      const stale = row?.stale ?? 0;
      if (stale !== lastStale && stale > 0) wait.onStaleTrends?.(stale);
      lastStale = stale;
      return stale;
    },
    target: 0,
    ...(wait.stallMs === undefined ? {} : { stallMs: wait.stallMs }),
    ...(wait.timeoutMs === undefined ? {} : { timeoutMs: Math.max(0, wait.timeoutMs - (appliedAt - started)) }),
    ...(wait.signal === undefined ? {} : { signal: wait.signal }),
    intervalMs: 100,
  });
  return { appliedAt, trendsCurrentAt };
}

/** Sum of the offsets Postgres stores (for a topic and group, when given): the records applied. */
async function appliedRecords(sql: postgres.Sql, of: { topic?: string; groupId?: string } = {}): Promise<number> {
  const [row] = await sql<{ applied: string }[]>`
    select coalesce(sum(next_offset), 0)::text as applied from consumer_offsets
    where true
      ${of.topic === undefined ? sql`` : sql`and topic = ${of.topic}`}
      ${of.groupId === undefined ? sql`` : sql`and consumer_group = ${of.groupId}`}`;
  return Number(row?.applied ?? 0);
}
