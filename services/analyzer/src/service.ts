import { createHealth, createRegistry, type Logger, type Ops } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import cron from "node-cron";
import { createAnalyzer } from "./analyzer.ts";
import type { Env } from "./env.ts";
import { registerAnalyzerMetrics } from "./service-metrics.ts";

/** The analyzer running on its schedule, in this process. */
export interface RunningAnalyzer {
  ops: Ops;
  /**
   * Queues the digests whose period has come by `now` (default: now) and sends what is due:
   * what the schedule does every minute (`hr-radar demo` and the tests call it directly).
   */
  digestNow(now?: string): Promise<{ queued: number; delivered: number }>;
  /** Runs one analysis now (as `hr-radar demo` does after loading its feed). */
  analyseNow(evaluatedAt?: string): ReturnType<Awaited<ReturnType<typeof createAnalyzer>>["analyse"]>;
  /** Lets a run in progress finish its batches, then disconnects. */
  stop(): Promise<void>;
  /** Never settles: the analyzer survives failed runs and retries on its next schedule. */
  readonly failed: Promise<Error>;
}

/**
 * Analyses on ANALYZER_CRON and delivers due alerts every OUTBOX_POLL_MS. A failed run is
 * logged and retried by the next one; failed deliveries are retried with backoff.
 */
export async function startAnalyzerService(
  env: Env,
  logger: Logger,
  options: {
    /**
     * Look at the digest schedule every minute and at start-up (default true). `hr-radar demo`
     * turns it off and calls {@link RunningAnalyzer.digestNow} once its history is analysed,
     * so no period is claimed from a half-loaded feed.
     */
    digestSchedule?: boolean;
  } = {},
): Promise<RunningAnalyzer> {
  const registry = createRegistry("analyzer");
  const { connectDatabase } = await import("@hr-radar/db");
  // a small pool of its own for metrics, so a scrape never waits behind an analysis batch
  const observer = connectDatabase(env.DATABASE_URL, { max: 1, applicationName: "hr-radar-analyzer-metrics" });
  const analyzer = await createAnalyzer(env, logger, registerAnalyzerMetrics(registry, observer.db));
  const health = createHealth();
  health.add({
    name: "database",
    check: async () => {
      await observer.db.execute(sql`select 1`);
      return { ready: true };
    },
  });

  let analysing: Promise<unknown> = Promise.resolve();
  const analyse = (at: string) => {
    const run = analyzer.analyse(at);
    analysing = run.catch(() => {});
    return run;
  };
  const task = cron.schedule(env.ANALYZER_CRON, () => analyse(new Date().toISOString()), {
    timezone: env.ANALYZER_TIMEZONE,
    name: "analysis",
    noOverlap: true,
  });
  task.on("execution:failed", (ctx) =>
    logger.error({ err: ctx.execution?.error }, "scheduled analysis failed; the next run retries"),
  );
  let delivering = Promise.resolve();
  const poller = setInterval(() => {
    delivering = delivering.then(async () => {
      // each outbox on its own: one failing pass never skips the other
      await analyzer.deliver().catch((error: unknown) => logger.error({ err: error }, "delivery pass failed"));
      await analyzer
        .deliverDigests()
        .catch((error: unknown) => logger.error({ err: error }, "digest delivery pass failed"));
    });
  }, env.OUTBOX_POLL_MS);
  // Digest periods are cut per organisation, in its own zone and on its own schedule, so the
  // schedule is looked at every minute (and once at start-up: a period that came while the
  // analyzer was down is sent now, within DIGEST_CATCH_UP_HOURS).
  let digesting: Promise<unknown> = Promise.resolve();
  const queueDigests = (now: string) => {
    const pass = digesting.then(() => analyzer.queueDigests(now));
    digesting = pass.catch((error: unknown) => logger.error({ err: error }, "digest schedule pass failed"));
    return pass;
  };
  const digestTask =
    env.DIGEST_SUBSCRIPTIONS.length === 0 || options.digestSchedule === false
      ? null
      : cron.schedule("* * * * *", () => queueDigests(new Date().toISOString()), {
          name: "digests",
          noOverlap: true,
        });
  if (digestTask !== null) void queueDigests(new Date().toISOString()).catch(() => {});
  logger.info(
    {
      cron: env.ANALYZER_CRON,
      timezone: env.ANALYZER_TIMEZONE,
      nextRun: task.getNextRun()?.toISOString(),
      digestOrganisations: env.DIGEST_SUBSCRIPTIONS.length,
    },
    "analyzer scheduled",
  );
  return {
    ops: { health, registry },
    analyseNow: (at = new Date().toISOString()) => analyse(at),
    async digestNow(now = new Date().toISOString()) {
      const { queued } = await queueDigests(now);
      const { delivered } = await analyzer.deliverDigests();
      return { queued, delivered };
    },
    failed: new Promise<Error>(() => {}),
    async stop() {
      clearInterval(poller);
      await task.stop();
      await digestTask?.stop();
      await digesting;
      await analysing;
      await delivering;
      await analyzer.close();
      await observer.close();
    },
  };
}
