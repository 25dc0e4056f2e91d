export * from "./fold.ts";
export * from "./store.ts";
