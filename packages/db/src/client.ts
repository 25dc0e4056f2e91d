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

/** The longest wait between two attempts to reconnect to Postgres, in seconds. */
export const POSTGRES_MAX_RECONNECT_S = 2;

/** postgres.js' reconnect wait after `failures` failed connects: doubling from 0.1 s, capped, jittered. */
export function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, POSTGRES_MAX_RECONNECT_S);
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
    // postgres.js counts failed connects across the whole pool and waits up to 20 s between
    // reconnects, so after a Postgres restart a service sat idle ~10 s with its database
    // back. Refused connects are cheap: retry quickly, never more than 2 s apart.
    backoff: reconnectDelaySeconds,
  });
  return {
    db: drizzle(sql, { schema }),
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}
