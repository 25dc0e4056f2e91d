// analyzer: evaluates the staffing rules over the trend tables on a schedule, keeps the
// alerts table in line, and delivers alert changes to Kafka and webhooks.
//
//   node services/analyzer/src/main.ts                     run on ANALYZER_CRON, deliver continuously
//   node services/analyzer/src/main.ts run-once [--at T]   one analysis as of T (default now), deliver, exit
//   node services/analyzer/src/main.ts ack <alertId> --by <who>
import { parseArgs } from "node:util";
import { createLogger, runMain, stopOnSignals } from "@hr-radar/service-kit";
import cron from "node-cron";
import { acknowledgeAlert } from "./alert-store.ts";
import { createAnalyzer } from "./analyzer.ts";
import { readEnv } from "./env.ts";

const USAGE = "usage: analyzer [serve] | run-once [--at <ISO instant>] | ack <alertId> --by <name>";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { at: { type: "string" }, by: { type: "string" }, help: { type: "boolean", short: "h" } },
});
const [command = "serve", ...rest] = positionals;
if (values.help || !["serve", "run-once", "ack"].includes(command)) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
const evaluatedAt = values.at === undefined ? undefined : new Date(values.at);
if (evaluatedAt !== undefined && Number.isNaN(evaluatedAt.getTime())) {
  console.error(`--at: not an ISO instant: ${values.at}`);
  process.exit(2);
}

const env = readEnv();
const logger = createLogger("analyzer", env.LOG_LEVEL);

runMain(logger, async () => {
  if (command === "ack") {
    const alertId = Number(rest[0]);
    if (!Number.isInteger(alertId) || !values.by) {
      console.error(USAGE);
      process.exit(2);
    }
    const { connectDatabase } = await import("@hr-radar/db");
    const database = connectDatabase(env.DATABASE_URL, { max: 1, applicationName: "hr-radar-analyzer-ack" });
    try {
      const result = await acknowledgeAlert(database.db, alertId, values.by, new Date().toISOString());
      console.log(result === "acknowledged" ? `alert ${alertId} acknowledged by ${values.by}` : `alert ${alertId} is not open`);
      process.exitCode = result === "acknowledged" ? 0 : 1;
    } finally {
      await database.close();
    }
    return;
  }

  const analyzer = await createAnalyzer(env, logger);
  if (command === "run-once") {
    try {
      const summary = await analyzer.analyse((evaluatedAt ?? new Date()).toISOString());
      console.log(JSON.stringify(summary));
    } finally {
      await analyzer.close();
    }
    return;
  }

  // serve: analyses on the schedule; delivers due alerts between runs.
  let analysing: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(env.ANALYZER_CRON, () => (analysing = analyzer.analyse(new Date().toISOString())), {
    timezone: env.ANALYZER_TIMEZONE,
    name: "analysis",
    noOverlap: true,
  });
  task.on("execution:failed", (ctx) => logger.error({ err: ctx.execution?.error }, "scheduled analysis failed; the next run retries"));
  let delivering = Promise.resolve();
  const poller = setInterval(() => {
    delivering = delivering.then(() => analyzer.deliver().then(() => {}, (error: unknown) => logger.error({ err: error }, "delivery pass failed")));
  }, env.OUTBOX_POLL_MS);
  stopOnSignals(logger, async () => {
    clearInterval(poller);
    await task.stop();
    // let a run in progress finish its batches rather than cut its connection
    await analysing.catch(() => {});
    await delivering;
    await analyzer.close();
  });
  logger.info({ cron: env.ANALYZER_CRON, timezone: env.ANALYZER_TIMEZONE, nextRun: task.getNextRun()?.toISOString() }, "analyzer scheduled");
});
