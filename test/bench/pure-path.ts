// The ingest's CPU path without its I/O: `node test/bench/pure-path.ts [--events 60000 ...]` (--help).
//
// Runs the real `applyChunk` (decoding, validation, the handler's checks and fingerprints,
// the ledger bookkeeping, the fold, building every statement and its parameters) over the
// bench's seeded records, with a database that answers every statement at once with no
// rows, and prints microseconds of the thread per event and the garbage collector's share.
// The shared machine's noise moves the full benchmark by up to 2x between runs an hour
// apart; this measures one lever on the ingest's own thread in a minute, interleaved
// against the code before it. It says nothing about Postgres, the broker or the sockets
// (the full `pnpm bench` does); see docs/performance.md.
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Database } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import { headcountHandler } from "@hr-radar/ingest-headcount";
import { applyChunk, INGEST_DEFAULTS, type IngestHandler } from "@hr-radar/ingest-runner";
import { ticketHandler } from "@hr-radar/ingest-tickets";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { KafkaMessage } from "kafkajs";
import { generateLoad } from "../support/synthetic-load.ts";

const { values } = parseArgs({
  options: {
    organisations: { type: "string", default: "150" },
    rounds: { type: "string", default: "11" },
    "chunk-size": { type: "string", default: String(INGEST_DEFAULTS.chunkSize) },
    family: { type: "string", default: "headcount" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "usage: node test/bench/pure-path.ts [--organisations 150] [--rounds 11] [--chunk-size 2000] [--family headcount|tickets]",
  );
  process.exit(0);
}
const family = values.family as EventFamily;
if (family !== "headcount" && family !== "tickets") throw new Error(`--family: headcount or tickets, not ${family}`);
const chunkSize = Number(values["chunk-size"]);
const end = "2026-06-01";

const load = generateLoad({
  organisations: Number(values.organisations),
  weeks: 52,
  seed: 1,
  ticketsPerEmployeeWeek: 0.02,
  end,
});
// What kafkajs hands the consumer: Buffers for the key, value and each header, offsets as text.
const messages: KafkaMessage[] = load[family].records.map((record, index) => ({
  key: Buffer.from(record.key),
  value: Buffer.from(record.value),
  headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)])),
  offset: String(index),
  timestamp: String(Date.parse(`${end}T00:00:00Z`)),
  attributes: 0,
}));

const handler: IngestHandler =
  family === "headcount" ? headcountHandler("bench-employee-key-secret-0123456789") : ticketHandler;
const dialect = new PgDialect();
// Every statement is rendered (as the driver does before sending it) and answered at once:
// the offset row says nothing was applied, every claim is new, nothing comes back.
interface AnsweringTransaction {
  execute(query: SQL): Promise<unknown[]>;
  transaction<T>(run: (attempt: AnsweringTransaction) => Promise<T>): Promise<T>;
}
const tx: AnsweringTransaction = {
  async execute(query: SQL) {
    const { sql } = dialect.sqlToQuery(query);
    return sql.includes("returning next_offset") ? [{ next_offset: "0" }] : [];
  },
  transaction: (run) => run(tx),
};
const db = { transaction: tx.transaction } as unknown as Database;
const now = new Date(`${end}T00:00:00Z`);
const deps = {
  db,
  handler,
  decodeOptions: () => ({ family, now, maxBytes: INGEST_DEFAULTS.maxRecordBytes }),
  sendDeadLetters: async () => {},
};

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

console.log(`${messages.length.toLocaleString("en")} ${family} records, chunks of ${chunkSize}`);
const perEvent: number[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  gcMs = 0;
  const started = performance.now();
  // the thread's own CPU time: what another process on the machine takes is not counted
  const cpuBefore = process.threadCpuUsage();
  let stored = 0;
  let deadLettered = 0;
  for (let from = 0; from < messages.length; from += chunkSize) {
    const ref = { consumerGroup: "pure-path", topic: "pure-path", partition: round };
    const result = await applyChunk(deps, ref, messages.slice(from, from + chunkSize));
    stored += result.stored;
    deadLettered += result.deadLettered;
  }
  // a figure for a path the records did not take (all dead-lettered, say) would mislead
  if (stored !== messages.length) {
    throw new Error(
      `${stored} of ${messages.length} records stored (${deadLettered} dead-lettered): the bench's records must all be valid`,
    );
  }
  const cpu = process.threadCpuUsage(cpuBefore);
  const ms = performance.now() - started;
  // the observer reports after the round's last collection
  await new Promise((wake) => setImmediate(wake));
  const us = (cpu.user + cpu.system) / messages.length;
  perEvent.push(us);
  console.log(
    `round ${round + 1}: ${us.toFixed(2)} us of CPU per event (${((ms * 1000) / messages.length).toFixed(2)} us elapsed), ${((100 * gcMs) / ms).toFixed(0)}% in GC, ${stored.toLocaleString("en")} stored`,
  );
}
const sorted = [...perEvent].sort((a, b) => a - b);
console.log(
  `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} us, best ${sorted[0]!.toFixed(2)} us per event (round 1 includes warm-up)`,
);
