// Drives an adapter the way the core's engine does (produce a batch, then store its states
// and checkpoint), against a stand-in over real HTTP, with the states in memory: for the
// adapters' tests beside the code. The end-to-end tests use the real engine, Kafka and Postgres.

import pino from "pino";
import { createHttpClient } from "../../core/http-client.ts";
import type { EmitBatch, OutgoingEvent, RecordState, SourceAdapter, SyncContext } from "../../core/source.ts";

/** The memory of a connection between runs, as the core's store keeps it. */
export interface MemoryStore {
  states: Map<string, RecordState>;
  checkpoint: string | null;
  produced: OutgoingEvent[];
  retries: number;
}

/** A fresh store. */
export function memoryStore(): MemoryStore {
  return { states: new Map(), checkpoint: null, produced: [], retries: 0 };
}

/** A run's context for `config` and `secrets`, with states from `store`. */
export function contextFor<Cfg>(
  adapter: SourceAdapter<Cfg>,
  store: MemoryStore,
  options: { config: unknown; secrets: Record<string, string>; startDate: string; today: string; now?: Date },
): SyncContext<Cfg> {
  return {
    connection: {
      connectionId: "test-connection",
      organisationId: "acme",
      vendor: adapter.vendor,
      kind: adapter.kind,
      config: options.config as Record<string, unknown>,
      credentials: {},
      schedule: "*/15 * * * *",
      snapshotSchedule: null,
      startDate: options.startDate,
    },
    config: adapter.configSchema.parse(options.config),
    secret: (name) => {
      const value = options.secrets[name];
      if (value === undefined) throw new Error(`no secret ${name}`);
      return value;
    },
    http: createHttpClient({
      baseDelayMs: 1,
      onRetry: () => {
        store.retries += 1;
      },
      sleep: async () => {},
    }),
    now: options.now ?? new Date(),
    today: options.today,
    source: `urn:hr-radar:connect:${adapter.vendor}:test-connection`,
    eventId: (recordId, change) => `${recordId}|${change}`,
    states: async (ids) => new Map(ids.flatMap((id) => (store.states.has(id) ? [[id, store.states.get(id)!]] : []))),
    logger: pino({ level: "silent" }),
  } as SyncContext<Cfg>;
}

/** Runs a pass to the end: each batch "produced" (kept), then its states and checkpoint stored. */
export async function drain(batches: AsyncIterable<EmitBatch>, store: MemoryStore): Promise<OutgoingEvent[]> {
  const events: OutgoingEvent[] = [];
  for await (const batch of batches) {
    events.push(...batch.events);
    store.produced.push(...batch.events);
    for (const r of batch.records ?? []) {
      if (r.state === null) store.states.delete(r.recordId);
      else store.states.set(r.recordId, r.state);
    }
    if (batch.checkpoint) store.checkpoint = batch.checkpoint.cursor;
  }
  return events;
}

/** Events per day of a type's date field, e.g. hires per `hiredOn`. */
export function perDay(events: readonly OutgoingEvent[], type: string, field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events.filter((x) => x.type === type)) {
    const day = (e.data as Record<string, unknown>)[field] as string;
    counts[day] = (counts[day] ?? 0) + 1;
  }
  return counts;
}
