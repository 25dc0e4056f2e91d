/** A batch column as one array parameter, for `unnest`. */
export { arrayLiteral } from "./arrays.ts";
/** A connected database (drizzle over postgres.js), a transaction on it, and how to open one. */
export { connectDatabase, type Database, type DatabaseClient, type Transaction } from "./client.ts";
/** Applies the committed migrations. */
export { migrateDatabase } from "./migrate.ts";
/** The tables as code, for typed reads and writes. */
export * as schema from "./schema.ts";
