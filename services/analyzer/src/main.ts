// analyzer: evaluates the staffing rules over the trend tables on a schedule, keeps the
// alerts table in line, and delivers alert changes to Kafka and webhooks.
//
//   node services/analyzer/src/main.ts                     run on ANALYZER_CRON, deliver continuously
//   node services/analyzer/src/main.ts run-once [--at T]   one analysis and digest schedule pass as of T (default now), deliver, exit
//   node services/analyzer/src/main.ts ack <alertId> --by <who>
import { parseArgs } from "node:util";
import { acknowledgeAlert } from "@hr-radar/alerts";
import { createLogger, runMain, startOpsServer, stopOnSignals, withProcessMetrics } from "@hr-radar/service-kit";
import { AnalyzerConfigError, checkWebhookTargets, createAnalyzer } from "./analyzer.ts";
import { readEnv } from "./env.ts";
import { startAnalyzerService } from "./service.ts";

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
if (command !== "ack") {
  try {
    await checkWebhookTargets(env);
  } catch (error) {
    if (!(error instanceof AnalyzerConfigError)) throw error;
    process.stderr.write(`config: ${error.message}\n`);
    process.exit(2);
  }
}

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
      console.log(
        result === "acknowledged" ? `alert ${alertId} acknowledged by ${values.by}` : `alert ${alertId} is not open`,
      );
      process.exitCode = result === "acknowledged" ? 0 : 1;
    } finally {
      await database.close();
    }
    return;
  }

  const analyzer = await createAnalyzer(env, logger);
  if (command === "run-once") {
    try {
      const at = (evaluatedAt ?? new Date()).toISOString();
      const summary = await analyzer.analyse(at);
      // the digest schedule as of the same instant: a period that has come is queued, then what is due is sent
      const queued = await analyzer.queueDigests(at);
      const sent = await analyzer.deliverDigests();
      console.log(JSON.stringify({ ...summary, digests: { ...queued, ...sent } }));
    } finally {
      await analyzer.close();
    }
    return;
  }

  // serve: analyses on the schedule; delivers due alerts between runs.
  const running = await startAnalyzerService(env, logger);
  const opsServer =
    env.OPS_PORT === "off"
      ? undefined
      : await startOpsServer({
          host: env.OPS_HOST,
          port: env.OPS_PORT,
          ops: { health: running.ops.health, registry: withProcessMetrics(running.ops.registry, "analyzer") },
          logger,
        });
  stopOnSignals(logger, async () => {
    await running.stop();
    await opsServer?.close();
  });
});
