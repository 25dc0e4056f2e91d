import type { Database } from "@hr-radar/db";
import type { Logger } from "@hr-radar/service-kit";
import type { QuarantineEntry } from "./quarantine.ts";
import { type RefreshPass, refreshStaleTrends } from "./refresh-queue.ts";

/** What the refresher reports as it works. */
export interface TrendRefreshMetrics {
  passDone(pass: RefreshPass, seconds: number): void;
  passFailed(): void;
}

/** Settings of a {@link createTrendRefresher}. */
export interface TrendRefresherOptions {
  db: Database;
  logger: Logger;
  /** Organisations re-derived per transaction. */
  batchSize: number;
  /** How long to wait before looking again when nothing is marked. */
  idleMs: number;
  /**
   * Passes at once, each over its own share of the organisations (default 1). Re-deriving
   * is one Postgres backend's work per pass: on a machine with cores to spare, two lanes
   * bring the trends current after a backlog in about half the time.
   */
  lanes?: number;
  metrics?: TrendRefreshMetrics;
  /**
   * True while the ingest is busy (a backfill, a burst). The refresher then rests between
   * passes three times as long as its last pass took, so it takes at most about a quarter
   * of its time and the ingest the rest; marks gather meanwhile, each pass covers more
   * chunks, and the total refresh work shrinks (docs/performance.md has the measurements
   * against a 50% duty). It never stops: a steady trickle of events keeps the ingest "busy",
   * and trends must still move.
   */
  ingestBusy?: () => boolean;
  /**
   * True while the ingest works through a backlog (a backfill, a replay, a restart after an
   * outage). The refresher then does not run at all, for at most {@link MAX_DEFER_MS} at a
   * time: every organisation it re-derived now would be marked again by the next chunks,
   * so all but the last re-derivation would be wasted work taken from the ingest. Facts land
   * first, then each organisation is re-derived once. A backlog that lasts longer still gets a
   * pass every {@link MAX_DEFER_MS}, so trends never stop moving.
   */
  ingestBehind?: () => boolean;
}

/** A running trend refresher. */
export interface TrendRefresher {
  /** Finishes the pass in flight (its transaction commits or rolls back whole), then stops. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** While the ingest is busy, rest this many times the last pass's duration (a 25% duty cycle). */
const BUSY_REST_FACTOR = 3;
/** While the ingest is behind, the longest the refresher waits between passes. */
export const MAX_DEFER_MS = 60_000;
/** How often a waiting refresher looks again whether the ingest caught up (or went quiet). */
const BEHIND_POLL_MS = 250;

/**
 * Rests up to `ms` while `holds()` does, looking again every {@link BEHIND_POLL_MS}: the
 * refresher's one way to wait for the ingest, whether it is behind (a backlog) or busy. Once
 * the ingest catches up or goes quiet (a backfill's last chunk) the marks it left are
 * re-derived at once. A rest timed once, up front, outlasted the backfill: after a 60 s pass at
 * a million events, 7 minutes of stale trends with nothing left to share the machine with.
 */
export async function restWhile(
  ms: number,
  holds: () => boolean,
  pause: (ms: number) => Promise<void>,
  now: () => number = () => performance.now(),
): Promise<void> {
  const until = now() + ms;
  while (holds()) {
    const left = until - now();
    if (left <= 0) return;
    await pause(Math.min(left, BEHIND_POLL_MS));
  }
}

/**
 * Keeps the trend tables current: re-derives marked organisations pass after pass while
 * there are marks, then polls every `idleMs`. While the ingest runs ahead, marks gather
 * and each pass re-derives an organisation once for all the chunks that touched it, which
 * is what makes the trends cheap to keep. A failed pass (the database away) is logged and
 * retried with a growing pause; its marks stay where they were. An organisation whose own
 * data fails is quarantined by the pass (logged at error level once) and the rest go on.
 */
export function createTrendRefresher(options: TrendRefresherOptions): TrendRefresher {
  const { db, logger, batchSize, idleMs, metrics, ingestBusy, ingestBehind } = options;
  const log = logger.child({ component: "trend-refresher" });
  let running = true;
  // one waker per lane's pause, so a stop ends every lane's wait at once
  const wakers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  // Error once, when an organisation is set aside (an operator must act: correct its data);
  // its retries, every 30 s to an hour, only warn.
  const onQuarantined = (entry: QuarantineEntry) => {
    const fields = { organisationId: entry.organisationId, scope: entry.scope, error: entry.error };
    if (entry.attempts === 1)
      log.error(
        { ...fields, retryAt: entry.retryAt },
        "trends of one organisation cannot be derived from its data: quarantined, every other organisation stays current",
      );
    else
      log.warn(
        { ...fields, attempts: entry.attempts, since: entry.firstFailedAt, retryAt: entry.retryAt },
        "quarantined organisation failed again on retry",
      );
  };

  const lanes = Math.max(1, options.lanes ?? 1);
  // While the ingest is busy all lanes together keep to the one lane's duty cycle.
  const busyRest = BUSY_REST_FACTOR * lanes + (lanes - 1);

  async function loop(lane: number): Promise<void> {
    const share = lanes === 1 ? undefined : { share: lane, of: lanes };
    let backoffMs = idleMs;
    let lastPassAt = performance.now();
    while (running) {
      if (ingestBehind !== undefined) {
        await restWhile(MAX_DEFER_MS - (performance.now() - lastPassAt), () => running && ingestBehind(), pause);
        if (!running) break;
      }
      const started = performance.now();
      try {
        const pass = await refreshStaleTrends(db, batchSize, { onQuarantined, ...(share ? { share } : {}) });
        const seconds = (performance.now() - started) / 1000;
        lastPassAt = performance.now();
        metrics?.passDone(pass, seconds);
        const refreshed = pass.refreshed.headcount + pass.refreshed["function-load"];
        if (refreshed > 0)
          log.debug({ ...pass.refreshed, deferred: pass.deferred, ms: Math.round(seconds * 1000) }, "trends refreshed");
        backoffMs = idleMs;
        // a full batch means more is probably waiting; otherwise let marks gather
        if (refreshed < batchSize && running) await pause(idleMs);
        else if (ingestBusy !== undefined)
          await restWhile(seconds * 1000 * busyRest, () => running && ingestBusy(), pause);
      } catch (error) {
        metrics?.passFailed();
        log.warn({ err: error, retryInMs: backoffMs }, "trend refresh failed; the marks stay and the pass is retried");
        if (running) await pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  const done = Promise.all(Array.from({ length: lanes }, (_, lane) => loop(lane)));
  return {
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await done;
    },
  };
}
