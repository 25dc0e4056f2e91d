// api: the HTTP API, the dashboard and the ops endpoints on API_PORT.
import { createLogger, runMain, stopOnSignals } from "@hr-radar/service-kit";
import { readEnv } from "./env.ts";
import { startApiServer } from "./server.ts";

const env = readEnv();
const logger = createLogger("api", env.LOG_LEVEL);
runMain(logger, async () => {
  const api = await startApiServer({
    databaseUrl: env.DATABASE_URL,
    host: env.API_HOST,
    port: env.API_PORT,
    logger,
    authFailuresPerMinute: env.API_AUTH_FAILURES_PER_MINUTE,
    corsOrigins: env.API_CORS_ORIGINS,
  });
  stopOnSignals(logger, () => api.close());
});
