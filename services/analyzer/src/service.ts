import { createHealth, createRegistry, type Logger, type Ops } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import cron from "node-cron";
import { createAnalyzer } from "./analyzer.ts";
import type { Env } from "./env.ts";
import { registerAnalyzerMetrics } from "./service-metrics.ts";

/** The analyzer running on its schedule, in this process. */
export interface RunningAnalyzer {
  ops: Ops;
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
export async function startAnalyzerService(env: Env, logger: Logger): Promise<RunningAnalyzer> {
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
    delivering = delivering.then(() =>
      analyzer.deliver().then(
        () => {},
        (error: unknown) => logger.error({ err: error }, "delivery pass failed"),
      ),
    );
  }, env.OUTBOX_POLL_MS);
  logger.info(
    { cron: env.ANALYZER_CRON, timezone: env.ANALYZER_TIMEZONE, nextRun: task.getNextRun()?.toISOString() },
    "analyzer scheduled",
  );
  return {
    ops: { health, registry },
    analyseNow: (at = new Date().toISOString()) => analyse(at),
    failed: new Promise<Error>(() => {}),
    async stop() {
      clearInterval(poller);
      await task.stop();
      await analysing;
      await delivering;
      await analyzer.close();
      await observer.close();
    },
  };
}
