import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.ts";

/** The drizzle handle over the hr-radar schema. */
export type Database = PostgresJsDatabase<typeof schema>;

/** A transaction handle, as `db.transaction` passes it. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** A database connection pool with both the drizzle and the raw postgres.js interface. */
export interface DatabaseClient {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  /** Pool size; ingest needs one connection per partition processed at once. */
  max?: number;
  /** Shown in pg_stat_activity, so operators can tell the services apart. */
  applicationName?: string;
}

/** Opens a pool to `url`. Nothing is sent until the first query. */
export function connectDatabase(url: string, options: ConnectOptions = {}): DatabaseClient {
  const sql = postgres(url, {
    max: options.max ?? 5,
    onnotice: () => {},
    // JIT off: the trend queries' row estimates (generate_series, jsonb_to_recordset) are
    // far too high, so Postgres would spend most of a batch compiling plans it runs in
    // milliseconds (measured: 1.15 s of JIT for a 0.28 s statement).
    connection: { application_name: options.applicationName ?? "hr-radar", jit: "off" },
  });
  return {
    db: drizzle(sql, { schema }),
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}
