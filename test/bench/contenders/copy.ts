// Ceiling B, the database: the rows the real ingest wrote for a topic (facts, ledger,
// offsets and trends, dumped from its database once it finished) written to the same
// tables of a fresh database by bulk COPY, in one transaction: no Kafka, no validation,
// no derivation. What the tables and their indexes can absorb at best.
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import type { ContenderResult } from "../child.ts";
import { progress } from "../measure.ts";

/** One table's dumped rows, in COPY text format. */
export interface CopyFile {
  table: string;
  file: string;
  rows: number;
}

export interface CopySpec {
  label: string;
  databaseUrl: string;
  /** Events the rows came from: the throughput is counted in those. */
  records: number;
  files: CopyFile[];
}

/**
 * Dumps a table's rows (all columns, optionally filtered) to a file with COPY ... TO STDOUT.
 * One connection per dump: postgres.js hangs on a second COPY TO on the same connection.
 */
export async function dumpRows(url: string, table: string, where: string, file: string): Promise<CopyFile> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let rows = 0;
  try {
    const readable = await sql.unsafe(`copy (select * from ${table} ${where}) to stdout`).readable();
    readable.on("data", (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    });
    await pipeline(readable, createWriteStream(file));
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { table, file, rows };
}

export async function runCopy(spec: CopySpec): Promise<Omit<ContenderResult, "maxRssMb">> {
  const sql = postgres(spec.databaseUrl, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: "bench-copy", jit: "off" },
  });
  const started = performance.now();
  try {
    await sql.begin(async (tx) => {
      for (const f of spec.files) {
        const writable = await tx.unsafe(`copy ${f.table} from stdin`).writable();
        await pipeline(createReadStream(f.file, { highWaterMark: 1 << 20 }), writable);
        progress(`${spec.label}: ${f.table} ${f.rows} rows copied`);
      }
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = spec.files.reduce((n, f) => n + f.rows, 0);
  return {
    label: spec.label,
    records: spec.records,
    seconds,
    totalSeconds: seconds,
    details: { rows, tables: spec.files.length },
  };
}
