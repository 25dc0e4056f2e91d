export * from "./client.ts";
export * from "./migrate.ts";
export * as schema from "./schema.ts";
export { TREND_SCOPES } from "./schema.ts";
export * from "./trends/index.ts";
