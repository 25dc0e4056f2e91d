import type { Database, Transaction } from "@hr-radar/db";
import { employeeKey } from "@hr-radar/events";
import { sql } from "drizzle-orm";
import type { Checkpoint, RecordState, RecordUpdate } from "./source.ts";

/**
 * The connector's stored memory of a connection: stream checkpoints and per-record state.
 * Record state is keyed by `employeeKey(secret, organisation, vendor id)`, the keyed hash
 * the ingest uses, so no vendor id is stored in clear.
 */
export interface ConnectorStore {
  checkpoint(connectionId: string, stream: string): Promise<string | null>;
  states(
    connection: { connectionId: string; organisationId: string },
    recordIds: readonly string[],
  ): Promise<Map<string, RecordState>>;
  /** Stores states and a checkpoint together: called only after the batch's events were produced. */
  commit(
    connection: { connectionId: string; organisationId: string },
    records: readonly RecordUpdate[],
    checkpoint: Checkpoint | undefined,
  ): Promise<void>;
  /** Every stream's checkpoint of a connection (for `connect list`). */
  checkpoints(connectionId: string): Promise<Checkpoint[]>;
  /** How many records a connection remembers. */
  recordCount(connectionId: string): Promise<number>;
}

/** The store on the connector tables, with `secret` (EMPLOYEE_KEY_SECRET) keying records. */
export function connectorStore(db: Database, secret: string): ConnectorStore {
  const key = (organisationId: string, recordId: string) => employeeKey(secret, organisationId, recordId);
  return {
    async checkpoint(connectionId, stream) {
      const rows = await db.execute<{ cursor: string }>(sql`
        select cursor from connector_checkpoints where connection_id = ${connectionId} and stream = ${stream}`);
      return rows[0]?.cursor ?? null;
    },
    async states(connection, recordIds) {
      if (recordIds.length === 0) return new Map();
      const byKey = new Map(recordIds.map((id) => [key(connection.organisationId, id), id]));
      const rows = await db.execute<{ record_key: string; state: RecordState }>(sql`
        select record_key, state from connector_record_state
        where connection_id = ${connection.connectionId}
          and record_key in (select jsonb_array_elements_text(${JSON.stringify([...byKey.keys()])}::jsonb))`);
      return new Map(rows.map((r) => [byKey.get(r.record_key)!, r.state]));
    },
    async commit(connection, records, checkpoint) {
      if (records.length === 0 && checkpoint === undefined) return;
      await db.transaction(async (tx) => {
        await writeStates(tx, connection, records, key);
        if (checkpoint) await writeCheckpoint(tx, connection.connectionId, checkpoint);
      });
    },
    async checkpoints(connectionId) {
      const rows = await db.execute<{ stream: string; cursor: string }>(sql`
        select stream, cursor from connector_checkpoints where connection_id = ${connectionId} order by stream`);
      return rows.map((r) => ({ stream: r.stream, cursor: r.cursor }));
    },
    async recordCount(connectionId) {
      const [row] = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from connector_record_state where connection_id = ${connectionId}`);
      return row?.n ?? 0;
    },
  };
}

async function writeStates(
  tx: Transaction,
  connection: { connectionId: string; organisationId: string },
  records: readonly RecordUpdate[],
  key: (organisationId: string, recordId: string) => string,
): Promise<void> {
  // the last update of a record in the batch wins
  const latest = new Map(records.map((r) => [key(connection.organisationId, r.recordId), r.state]));
  const kept = [...latest].filter(([, s]) => s !== null).map(([k, state]) => ({ k, state }));
  const forgotten = [...latest].filter(([, s]) => s === null).map(([k]) => k);
  if (kept.length > 0)
    await tx.execute(sql`
      insert into connector_record_state (connection_id, record_key, state)
      select ${connection.connectionId}, k, state
      from jsonb_to_recordset(${JSON.stringify(kept)}::jsonb) as r(k text, state jsonb)
      on conflict (connection_id, record_key) do update set state = excluded.state, updated_at = now()`);
  if (forgotten.length > 0)
    await tx.execute(sql`
      delete from connector_record_state
      where connection_id = ${connection.connectionId} and record_key in (select jsonb_array_elements_text(${JSON.stringify(forgotten)}::jsonb))`);
}

async function writeCheckpoint(tx: Transaction, connectionId: string, checkpoint: Checkpoint): Promise<void> {
  await tx.execute(sql`
    insert into connector_checkpoints (connection_id, stream, cursor)
    values (${connectionId}, ${checkpoint.stream}, ${checkpoint.cursor})
    on conflict (connection_id, stream) do update set cursor = excluded.cursor, updated_at = now()`);
}
