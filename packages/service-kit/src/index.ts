export * from "./env.ts";
export * from "./health.ts";
export * from "./kafka.ts";
export * from "./lifecycle.ts";
export * from "./logger.ts";
export * from "./ops.ts";
