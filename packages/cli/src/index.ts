export * from "./backfill/rows.ts";
export * from "./output.ts";
export * from "./simulate/project.ts";
