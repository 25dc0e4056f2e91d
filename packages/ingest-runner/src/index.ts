export * from "./chunk.ts";
export * from "./dead-letter.ts";
export * from "./errors.ts";
export * from "./ledger.ts";
export * from "./runner.ts";
export * from "./env.ts";
export * from "./service.ts";
export * from "./metrics.ts";
