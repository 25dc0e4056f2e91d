import type { DatabaseClient } from "@hr-radar/db";
import type { Logger } from "pino";
import { adapterFor } from "../adapters.ts";
import type { Connection } from "./connections.ts";
import { resolveSecret } from "./credentials.ts";
import { connectionSource, deterministicEventId } from "./event-ids.ts";
import { createHttpClient, type HttpClientOptions } from "./http-client.ts";
import type { UnmappedValue } from "./mapping.ts";
import type { ConnectorStore } from "./records.ts";
import {
  type EmitBatch,
  type OutgoingEvent,
  RECONCILE_STREAM,
  type SourceAdapter,
  type SourceKind,
  type SyncContext,
} from "./source.ts";

/** Where produced events go: the HRIS or helpdesk topic, acknowledged by every in-sync replica. */
export interface EventSink {
  send(kind: SourceKind, events: readonly OutgoingEvent[]): Promise<void>;
}

/** What a connector run needs; the service, the CLI and the tests build it. */
export interface ConnectorDeps {
  database: DatabaseClient;
  store: ConnectorStore;
  sink: EventSink;
  /** EMPLOYEE_KEY_SECRET: keys record state and event ids. */
  employeeKeySecret: string;
  logger: Logger;
  /** Where secret references are resolved (process.env by default). */
  env?: NodeJS.ProcessEnv;
  http?: HttpClientOptions;
  now?: () => Date;
  /** Called after each batch was produced, before its state is stored (the fault tests' kill point). */
  afterProduce?: (batchNumber: number) => void;
}

/**
 * How far before a first sync's start its reconciliation begins: what changed while the
 * first sync read is fetched again (a repeat is harmless), and a vendor clock a little
 * behind ours loses nothing.
 */
export const RECONCILE_OVERLAP_MS = 5 * 60_000;

/** The kinds of run: `sync` is the first sync until one completed, then a reconciliation. */
export type RunKind = "first-sync" | "reconcile" | "sync" | "webhook" | "snapshot";

/** What a run sent (or, dry, would send). */
export interface RunSummary {
  connectionId: string;
  run: Exclude<RunKind, "sync">;
  events: number;
  byType: Record<string, number>;
  records: number;
  unmapped: UnmappedValue[];
  dryRun: boolean;
}

/** The checkpoint stream that says a first sync completed (its cursor: when). */
export const FIRST_SYNC_STREAM = "first-sync";

/** A connection that cannot run as configured (bad settings, unknown vendor). */
export class ConnectorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectorConfigError";
  }
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The adapter's context for one run of one connection. */
export function syncContext(
  deps: ConnectorDeps,
  connection: Connection,
): { adapter: SourceAdapter; ctx: SyncContext<unknown> } {
  const adapter = adapterFor(connection.vendor);
  if (!adapter)
    throw new ConnectorConfigError(
      `connection ${connection.connectionId}: no connector for vendor ${connection.vendor}`,
    );
  const parsed = adapter.configSchema.safeParse(connection.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorConfigError(
      `connection ${connection.connectionId}: ${adapter.title} settings: ${issue?.path.join(".") || "config"}: ${issue?.message}`,
    );
  }
  const config = parsed.data as { timeZone?: unknown };
  const now = (deps.now ?? (() => new Date()))();
  const logger = deps.logger.child({ connectionId: connection.connectionId, vendor: connection.vendor });
  const ctx: SyncContext<unknown> = {
    connection,
    config,
    secret: (name) => resolveSecret(name, connection.credentials[name], deps.env),
    http: createHttpClient({
      ...deps.http,
      onRetry: (info) => logger.warn({ ...info }, "vendor asked to slow down or failed; retrying"),
    }),
    now,
    today: dateIn(typeof config.timeZone === "string" ? config.timeZone : "UTC", now),
    source: connectionSource(connection.vendor, connection.connectionId),
    eventId: (recordId, change) =>
      deterministicEventId(deps.employeeKeySecret, {
        vendor: connection.vendor,
        connectionId: connection.connectionId,
        recordId,
        change,
      }),
    states: (ids) => deps.store.states(connection, ids),
    logger,
  };
  return { adapter, ctx };
}

/**
 * Runs one connector pass: each batch's events are produced first, and only once Kafka
 * has acknowledged them are its record states and checkpoint stored. A failure (or a
 * crash) in between leaves the checkpoint where it was, so the batch is fetched and sent
 * again; its deterministic ids make the ingest count it once. Passes of one connection
 * never overlap, across processes too (a Postgres advisory lock per connection).
 */
export async function runConnection(
  deps: ConnectorDeps,
  connection: Connection,
  run: RunKind,
  options: { recordIds?: readonly string[]; dryRun?: boolean } = {},
): Promise<RunSummary> {
  const { adapter, ctx } = syncContext(deps, connection);
  return withConnectionLock(deps.database, connection.connectionId, options.dryRun === true, async () => {
    let kind: RunSummary["run"];
    if (run === "sync")
      kind =
        (await deps.store.checkpoint(connection.connectionId, FIRST_SYNC_STREAM)) === null ? "first-sync" : "reconcile";
    else kind = run;
    const summary: RunSummary = {
      connectionId: connection.connectionId,
      run: kind,
      events: 0,
      byType: {},
      records: 0,
      unmapped: [],
      dryRun: options.dryRun === true,
    };
    const batches = await passOf(adapter, ctx, kind, deps.store, options.recordIds ?? []);
    ctx.logger.info({ run: kind, dryRun: summary.dryRun }, "connector run started");
    let produced = 0;
    let reconcileCursorSet = false;
    for await (const batch of batches) {
      if (!summary.dryRun) {
        if (batch.events.length > 0) {
          await deps.sink.send(connection.kind, batch.events);
          deps.afterProduce?.(++produced);
        }
        await deps.store.commit(connection, batch.records ?? [], batch.checkpoint);
        if (batch.checkpoint?.stream === RECONCILE_STREAM) reconcileCursorSet = true;
      }
      tally(summary, batch);
      if (batch.events.length > 0)
        ctx.logger.info(
          { run: kind, events: batch.events.length, total: summary.events, dryRun: summary.dryRun },
          "batch produced",
        );
    }
    if (kind === "first-sync" && !summary.dryRun) {
      // reconciliation takes over from the first sync's start (unless the adapter said where)
      if (!reconcileCursorSet) {
        const cursor = new Date(ctx.now.getTime() - RECONCILE_OVERLAP_MS).toISOString();
        await deps.store.commit(connection, [], { stream: RECONCILE_STREAM, cursor });
      }
      await deps.store.commit(connection, [], { stream: FIRST_SYNC_STREAM, cursor: ctx.now.toISOString() });
    }
    for (const u of summary.unmapped) ctx.logger.warn({ ...u }, "value not in the mapping");
    ctx.logger.info({ ...summary, unmapped: summary.unmapped.length }, "connector run finished");
    return summary;
  });
}

async function passOf(
  adapter: SourceAdapter,
  ctx: SyncContext<unknown>,
  kind: RunSummary["run"],
  store: ConnectorStore,
  recordIds: readonly string[],
): Promise<AsyncIterable<EmitBatch>> {
  switch (kind) {
    case "first-sync":
      return adapter.firstSync(ctx);
    case "reconcile":
      return adapter.reconcile(ctx, await store.checkpoint(ctx.connection.connectionId, RECONCILE_STREAM));
    case "webhook":
      return adapter.fetchChanged(ctx, recordIds);
    case "snapshot":
      if (!adapter.snapshot) return (async function* () {})();
      return adapter.snapshot(ctx);
  }
}

function tally(summary: RunSummary, batch: EmitBatch): void {
  summary.events += batch.events.length;
  summary.records += batch.records?.length ?? 0;
  for (const e of batch.events) summary.byType[e.type] = (summary.byType[e.type] ?? 0) + 1;
  // one report per distinct value
  for (const u of batch.unmapped ?? [])
    if (!summary.unmapped.some((s) => s.field === u.field && s.value === u.value)) summary.unmapped.push(u);
}

/**
 * Runs `work` holding the connection's advisory lock on a reserved session (released by
 * Postgres if the process dies). A dry run takes no lock: it changes nothing.
 */
async function withConnectionLock<T>(
  database: DatabaseClient,
  connectionId: string,
  dry: boolean,
  work: () => Promise<T>,
): Promise<T> {
  if (dry) return work();
  const session = await database.sql.reserve();
  const key = `hr-radar-connect:${connectionId}`;
  try {
    await session`select pg_advisory_lock(hashtextextended(${key}, 0))`;
    try {
      return await work();
    } finally {
      await session`select pg_advisory_unlock(hashtextextended(${key}, 0))`.catch(() => {});
    }
  } finally {
    session.release();
  }
}
