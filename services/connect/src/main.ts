// connect: the connector service. Per configured connection (hr-radar connect add): first
// sync, webhooks on POST /hooks/<connection>, scheduled reconciliation and a daily
// headcount snapshot, produced to the HRIS and helpdesk topics.
import { createLogger, runMain, stopOnSignals } from "@hr-radar/service-kit";
import { readEnv } from "./env.ts";
import { startConnectService } from "./service.ts";

const env = readEnv();
const logger = createLogger("connect", env.LOG_LEVEL);

runMain(logger, async () => {
  const running = await startConnectService(env, logger);
  stopOnSignals(logger, () => running.stop());
});
