export * from "./env.ts";
export * from "./fold.ts";
export * from "./pseudonymise.ts";
export * from "./store.ts";
