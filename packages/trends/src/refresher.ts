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
}

/** A running trend refresher. */
export interface TrendRefresher {
  /** Finishes the pass in flight (its transaction commits or rolls back whole), then stops. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
/** While the ingest is busy, rest this many times the last pass's duration (a 25% duty cycle). */
const BUSY_REST_FACTOR = 3;

/**
 * Keeps the trend tables current: re-derives marked organisations pass after pass while
 * there are marks, then polls every `idleMs`. While the ingest runs ahead, marks gather
 * and each pass re-derives an organisation once for all the chunks that touched it, which
 * is what makes the trends cheap to keep. A failed pass (the database away) is logged and
 * retried with a growing pause; its marks stay where they were. An organisation whose own
 * data fails is quarantined by the pass (logged at error level once) and the rest go on.
 */
export function createTrendRefresher(options: TrendRefresherOptions): TrendRefresher {
  const { db, logger, batchSize, idleMs, metrics } = options;
  const log = logger.child({ component: "trend-refresher" });
  let running = true;
  let wake: () => void = () => {};
  const pause = (ms: number) =>
    new Promise<void>((done) => {
      const timer = setTimeout(done, ms);
      wake = () => {
        clearTimeout(timer);
        done();
      };
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

  async function loop(): Promise<void> {
    let backoffMs = idleMs;
    while (running) {
      const started = performance.now();
      try {
        const pass = await refreshStaleTrends(db, batchSize, { onQuarantined });
        const seconds = (performance.now() - started) / 1000;
        metrics?.passDone(pass, seconds);
        const refreshed = pass.refreshed.headcount + pass.refreshed["function-load"];
        if (refreshed > 0)
          log.debug({ ...pass.refreshed, deferred: pass.deferred, ms: Math.round(seconds * 1000) }, "trends refreshed");
        backoffMs = idleMs;
        // a full batch means more is probably waiting; otherwise let marks gather
        if (refreshed < batchSize && running) await pause(idleMs);
        else if (options.ingestBusy?.() && running) await pause(seconds * 1000 * BUSY_REST_FACTOR);
      } catch (error) {
        metrics?.passFailed();
        log.warn({ err: error, retryInMs: backoffMs }, "trend refresh failed; the marks stay and the pass is retried");
        if (running) await pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  const done = loop();
  return {
    async stop() {
      running = false;
      wake();
      await done;
    },
  };
}
