import type { Database } from "@hr-radar/db";
import { organisationIdSchema } from "@hr-radar/events";
import { sql } from "drizzle-orm";
import cron from "node-cron";
import { z } from "zod";
import { secretRefSchema } from "./credentials.ts";
import { type SourceKind, VENDORS, type Vendor } from "./source.ts";

/** How a connection is named: used in the webhook URL, so URL-safe. */
export const connectionIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, "letters, digits, - and _ (it is part of the webhook URL)");

/** The default reconciliation schedule: every 15 minutes. */
export const DEFAULT_RECONCILE_SCHEDULE = "*/15 * * * *";
/** The default daily snapshot: 23:30 in the connection's time zone. */
export const DEFAULT_SNAPSHOT_SCHEDULE = "30 23 * * *";

const cronSchema = z.string().refine((expr) => cron.validate(expr), "not a valid cron expression");

/** A connection as stored (the `connections` table). */
export const connectionSchema = z.object({
  connectionId: connectionIdSchema,
  organisationId: organisationIdSchema,
  vendor: z.enum(VENDORS),
  kind: z.enum(["hris", "helpdesk"]),
  /** Vendor settings; the adapter's `configSchema` checks them. */
  config: z.record(z.string(), z.unknown()),
  /** Secret name -> reference; never the secret itself. */
  credentials: z.record(z.string(), secretRefSchema),
  schedule: cronSchema.default(DEFAULT_RECONCILE_SCHEDULE),
  snapshotSchedule: cronSchema.nullable().default(DEFAULT_SNAPSHOT_SCHEDULE),
  /** First sync sends history from this date on. */
  startDate: z.iso.date(),
});
export type Connection = z.output<typeof connectionSchema>;
export type ConnectionInput = z.input<typeof connectionSchema>;

type Row = {
  connection_id: string;
  organisation_id: string;
  vendor: Vendor;
  kind: SourceKind;
  config: Record<string, unknown>;
  credentials: Connection["credentials"];
  schedule: string;
  snapshot_schedule: string | null;
  start_date: string;
};

const fromRow = (r: Row): Connection => ({
  connectionId: r.connection_id,
  organisationId: r.organisation_id,
  vendor: r.vendor,
  kind: r.kind,
  config: r.config,
  credentials: r.credentials,
  schedule: r.schedule,
  snapshotSchedule: r.snapshot_schedule,
  startDate: r.start_date,
});

/** Adds a connection, or replaces one of the same id (its checkpoints and state stay). */
export async function saveConnection(db: Database, connection: Connection): Promise<void> {
  await db.execute(sql`
    insert into connections (connection_id, organisation_id, vendor, kind, config, credentials, schedule,
      snapshot_schedule, start_date)
    values (${connection.connectionId}, ${connection.organisationId}, ${connection.vendor}, ${connection.kind},
      ${JSON.stringify(connection.config)}::jsonb, ${JSON.stringify(connection.credentials)}::jsonb,
      ${connection.schedule}, ${connection.snapshotSchedule}, ${connection.startDate})
    on conflict (connection_id) do update set organisation_id = excluded.organisation_id,
      vendor = excluded.vendor, kind = excluded.kind, config = excluded.config,
      credentials = excluded.credentials, schedule = excluded.schedule,
      snapshot_schedule = excluded.snapshot_schedule, start_date = excluded.start_date, updated_at = now()`);
}

/** Every connection, by id. */
export async function listConnections(db: Database): Promise<Connection[]> {
  const rows = await db.execute<Row>(sql`
    select connection_id, organisation_id, vendor, kind, config, credentials, schedule, snapshot_schedule,
           start_date::text
    from connections order by connection_id`);
  return rows.map(fromRow);
}

/** One connection, or null. */
export async function loadConnection(db: Database, connectionId: string): Promise<Connection | null> {
  const rows = await db.execute<Row>(sql`
    select connection_id, organisation_id, vendor, kind, config, credentials, schedule, snapshot_schedule,
           start_date::text
    from connections where connection_id = ${connectionId}`);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Removes a connection with its checkpoints and record state; false when there was none. */
export async function removeConnection(db: Database, connectionId: string): Promise<boolean> {
  const rows = await db.execute(sql`delete from connections where connection_id = ${connectionId} returning 1`);
  return rows.length > 0;
}
