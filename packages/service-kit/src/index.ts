export { commonEnvSchema, databaseUrlSchema, loadEnv, logLevelSchema, parseEnv, positiveIntVar } from "./env.ts";
export { combineHealth, createHealth } from "./health.ts";
export { createKafka, createProducer, ensureTopic, kafkaLogLevel } from "./kafka.ts";
export { runMain, stopOnSignals } from "./lifecycle.ts";
export { createLogger, type Logger } from "./logger.ts";
export { SERVICE_NODE_OPTIONS } from "./node-options.ts";
export {
  answerOps,
  CombinedRegistry,
  createRegistry,
  type Ops,
  opsEnvShape,
  processRegistry,
  startOpsServer,
  withProcessMetrics,
} from "./ops.ts";
