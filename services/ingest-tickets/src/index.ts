export * from "./env.ts";
export * from "./fold.ts";
export * from "./store.ts";
