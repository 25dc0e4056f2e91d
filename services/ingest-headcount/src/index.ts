export * from "./fold.ts";
export * from "./pseudonymise.ts";
export * from "./store.ts";
export * from "./env.ts";
