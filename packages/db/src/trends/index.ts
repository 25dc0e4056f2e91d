export * from "./changes.ts";
export * from "./function-load.ts";
export * from "./headcount.ts";
export * from "./locks.ts";
export * from "./refresh-queue.ts";
