// `pnpm bench [--events 1000000 ...]` (--help): ingest and analysis throughput against the
// ceilings, side by side, in one run on one machine.
//
// Fills two topics once (headcount and ticket events of a seeded synthetic history), then
// runs every contender against those same topics, each in its own child process (so its
// peak RSS is its own), its own consumer group and its own database:
//   - ingest: the real runner and handler at the shipped defaults (validation, ledger,
//     offsets, facts and trend marks in one transaction per chunk), with the trend
//     refresher running beside it as in the service; timed until the last chunk
//     committed, and also until the trends were current;
//   - ceiling A: kafkajs with an empty eachBatch, and @platformatic/kafka with an empty
//     stream consumer (the fastest a client can deliver the records);
//   - ceiling C: kafkajs plus the contract's validation of every record, no writes (the
//     fastest any validating ingest on this client can be);
//   - ceiling B: the rows the ingest transactions wrote (facts, ledger, offsets), and B'
//     the same plus the trends, bulk-COPY'd into the same tables of a fresh database
//     (what the tables and their indexes can absorb);
//   - naive: one INSERT per message in autocommit mode;
//   - Connect JDBC sink: what a user would run instead, Kafka Connect (standalone) with the
//     Debezium JDBC sink writing each record's raw value as a row (infra/kafka-connect);
// then evaluates N organisations x 10 functions x 52 weeks with the analyzer at several N.
// Prints a table (stdout) with the ratios and targets, writes everything as JSON, and
// exits 1 if a contender failed or the ingested totals do not add up.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectDatabase, migrateDatabase } from "@hr-radar/db";
import { DEFAULT_TOPICS, type EventFamily } from "@hr-radar/events";
import { INGEST_DEFAULTS } from "@hr-radar/ingest-runner";
import { createApiToken } from "@hr-radar/queries";
import { createKafka } from "@hr-radar/service-kit";
import { SERVICE_NODE_OPTIONS } from "@hr-radar/service-kit/node-options";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { startKafkaAndPostgres } from "../support/infra.ts";
import { createTopics, deleteTopics, suffix } from "../support/kafka-admin.ts";
import { type Check, checkHeadcount, checkRederivation, checkTickets } from "../support/load-checks.ts";
import { databaseServer } from "../support/postgres-admin.ts";
import { spawnServiceProcess } from "../support/service-process.ts";
import { generateLoad, type HeadcountTotals, type TicketTotals } from "../support/synthetic-load.ts";
import { type ContenderResult, runChild } from "./child.ts";
import type { AnalyzerSpec } from "./contenders/analyzer.ts";
import { fillAnalyzerData } from "./contenders/analyzer.ts";
import type { ApiLoadRow, ApiLoadSpec } from "./contenders/api.ts";
import type { ClientSpec } from "./contenders/client.ts";
import type { ConnectSpec } from "./contenders/connect.ts";
import { type CopyFile, type CopySpec, dumpRows } from "./contenders/copy.ts";
import type { IngestSpec } from "./contenders/ingest.ts";
import type { NaiveSpec } from "./contenders/naive.ts";
import { type Produced, produceLoad } from "./environment.ts";
import { captureLogger, num, progress, table } from "./measure.ts";
import { runBenchmark } from "./program.ts";

const CONTENDERS = [
  "ingest",
  "connect",
  "kafkajs",
  "platformatic",
  "validate",
  "copy",
  "naive",
  "api",
  "analyzer",
] as const;
/** A row of the table: a contender, or the second COPY (the end state with trends). */
type ContenderKind = (typeof CONTENDERS)[number] | "copy-all";

const OPTIONS = {
  events: {
    default: "1000000",
    help: "events per topic (headcount and tickets), approximately: organisations are scaled to reach it",
  },
  "headcount-events": { default: "", help: "headcount events, if not --events" },
  "ticket-events": { default: "", help: "ticket events, if not --events" },
  weeks: { default: "52", help: "weeks of synthetic history per organisation" },
  seed: { default: "1", help: "PRNG seed (same seed, same topics)" },
  end: { default: "2026-06-01", help: "Monday the history ends on; also the consumers' clock and the analysis date" },
  partitions: { default: "6", help: "partitions per topic" },
  "naive-events": { default: "", help: "events the naive peer consumes per topic (default: all)" },
  "analyzer-orgs": { default: "1000,10000,100000", help: "organisation counts for the analyzer ('' skips it)" },
  "analyzer-weeks": { default: "52", help: "weeks of trend history per organisation for the analyzer" },
  "chunk-size": {
    default: String(INGEST_DEFAULTS.chunkSize),
    help: "ingest records per transaction (default: the shipped default)",
  },
  concurrency: {
    default: String(INGEST_DEFAULTS.concurrency),
    help: "ingest partitions at once (default: the shipped default)",
  },
  "ingest-instances": {
    default: "1,2",
    help: "ingest instance counts to measure, each in one consumer group of processes of their own (the README scales the ingest by instances, one per core); ratios for each",
  },
  rounds: {
    default: "1",
    help: "rounds of the ingest and the Connect sink, alternating (ratios: the medians)",
  },
  "connect-heap": {
    default: "-Xms256M -Xmx2G",
    help: "JVM heap options of the Connect worker (default: connect-standalone.sh's)",
  },
  "api-connections": { default: "10,50", help: "concurrent clients of the API load phase" },
  "api-seconds": { default: "10", help: "seconds per endpoint and client count in the API load phase" },
  only: { default: CONTENDERS.join(","), help: `contenders to run, of ${CONTENDERS.join(",")}` },
  json: { default: "bench-results.json", help: "where to write the results as JSON" },
  "cpu-prof-dir": {
    default: "",
    help: "run the ingest and analyzer children with --cpu-prof, profiles into this folder",
  },
  "log-statements-ms": {
    default: "",
    help: "log the ingest database's statements slower than this to the Postgres server log (profiling)",
  },
} as const;
type OptionName = keyof typeof OPTIONS;

interface Config {
  headcountEvents: number;
  ticketEvents: number;
  weeks: number;
  seed: number;
  end: string;
  partitions: number;
  naiveEvents: number | null;
  analyzerOrgs: number[];
  analyzerWeeks: number;
  chunkSize: number;
  concurrency: number;
  /** Instance counts the ingest is measured with; the first is the one "ingest / this" compares. */
  ingestInstances: number[];
  rounds: number;
  connectHeap: string;
  apiConnections: number[];
  apiSeconds: number;
  only: Set<ContenderKind>;
  json: string;
  cpuProfDir: string;
  logStatementsMs: number | null;
}

/** One measured row of the ingest comparison. */
interface IngestRow {
  contender: string;
  kind: ContenderKind;
  family: EventFamily;
  /** 1-based round of the ingest and the Connect sink; 1 for the others. */
  round: number;
  /** Processes in the consumer group (the ingest; 1 for the others). */
  instances: number;
  /** The 1-minute load average when the contender started and when it ended. */
  load: [number, number];
  result: ContenderResult | null;
  error?: string;
}

interface AnalyzerRow {
  organisations: number;
  rows: number;
  fillSeconds: number;
  result: ContenderResult | null;
  error?: string;
}

async function main(signal: AbortSignal): Promise<number> {
  const config = readConfig();
  const startedAt = performance.now();
  const date = new Date().toISOString();
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const shape = calibrate(config);
    progress(
      `generating the load: ${num(shape.organisations)} organisations, ${config.weeks} weeks, ${num(shape.ticketsPerEmployeeWeek, 4)} tickets per employee-week`,
    );
    let load: ReturnType<typeof generateLoad> | null = generateLoad(shape);
    const totals = { headcount: load.headcount.totals, tickets: load.tickets.totals };
    progress(`generated ${num(totals.headcount.records)} headcount and ${num(totals.tickets.records)} ticket events`);

    progress("starting Kafka and Postgres");
    // Kafka's default initial rebalance delay (3 s; the tests' broker forms groups at once), as a
    // production broker has it: ingest instances started together then share the first
    // assignment instead of one taking every partition and rebalancing seconds later. The
    // measured windows start at the assignment. A broker from KAFKA_BROKERS keeps its own.
    process.env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS ??= "3000";
    const { kafka: kafkaInfra, postgres: pgInfra } = await startKafkaAndPostgres(false, (s) => cleanups.push(s.stop));
    const run = suffix();
    const brokers = kafkaInfra.url.split(",");
    const databases = databaseServer(pgInfra.url, { keep: false });
    cleanups.push(() => databases.dropAll());
    const kafka = createKafka({ brokers, clientId: `bench-${run}`, logger: captureLogger("kafka").logger });
    const topics = {
      headcount: `${DEFAULT_TOPICS.headcount}.bench-${run}`,
      tickets: `${DEFAULT_TOPICS.tickets}.bench-${run}`,
    };
    const alertsTopic = `${DEFAULT_TOPICS.alerts}.bench-${run}`;
    await createTopics(kafka, [...Object.values(topics), alertsTopic], config.partitions, { warmUpCoordinator: true });
    cleanups.push(() =>
      deleteTopics(
        kafka,
        [...Object.values(topics), alertsTopic].flatMap((t) => [t, `${t}.dlq`]),
      ),
    );
    const produced = await produceLoad(
      kafka,
      [
        [topics.headcount, load.headcount.records],
        [topics.tickets, load.tickets.records],
      ],
      5_000,
      signal,
    );
    load = null; // the records are in Kafka now; let the orchestrator's heap go

    const tmp = await mkdtemp(join(tmpdir(), "hr-radar-bench-"));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    let databaseCount = 0;
    const freshDatabase = async (label: string) => {
      const name = await databases.create(
        `bench_${run}_${databaseCount++}_${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`,
      );
      await migrateDatabase(databases.url(name));
      return { name, url: databases.url(name) };
    };
    // Profiling: slow statements of a database go to the Postgres server log.
    const logStatements = async (name: string) => {
      if (config.logStatementsMs === null) return;
      const admin = postgres(pgInfra.url, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`alter database "${name}" set log_min_duration_statement = ${config.logStatementsMs}`);
        if (process.env.BENCH_AUTO_EXPLAIN_MS) {
          await admin.unsafe(`alter database "${name}" set session_preload_libraries = 'auto_explain'`);
          await admin.unsafe(
            `alter database "${name}" set auto_explain.log_min_duration = ${Number(process.env.BENCH_AUTO_EXPLAIN_MS)}`,
          );
          await admin.unsafe(`alter database "${name}" set auto_explain.log_analyze = on`);
        }
      } finally {
        await admin.end();
      }
    };
    const now = `${config.end}T00:00:00Z`;
    const families: EventFamily[] = ["headcount", "tickets"];
    const records = (family: EventFamily) => totals[family].records;
    const rows: IngestRow[] = [];
    const checks: Check[] = [];
    const measure = async (
      contender: string,
      kind: ContenderKind,
      family: EventFamily,
      spec: () => Promise<unknown>,
      nodeArgs: string[] = [],
      round = 1,
      instances = 1,
    ) => {
      progress(`--- ${contender}, ${family}${config.rounds > 1 ? `, round ${round}` : ""}`);
      const loadAtStart = loadavg()[0]!;
      try {
        const child = kind === "copy-all" ? "copy" : kind;
        const result =
          instances === 1
            ? await runChild(child, await spec(), signal, nodeArgs)
            : await runInstances(instances, child, await spec(), signal, nodeArgs);
        progress(
          `${contender}, ${family}: ${num(result.records)} in ${num(result.seconds, 1)} s = ${num(result.records / result.seconds)} ev/s, peak RSS ${num(result.maxRssMb)} MiB`,
        );
        rows.push({ contender, kind, family, round, instances, load: [loadAtStart, loadavg()[0]!], result });
        return result;
      } catch (error) {
        if (signal.aborted) throw error;
        progress(`${contender}, ${family} FAILED: ${String(error)}`);
        rows.push({
          contender,
          kind,
          family,
          round,
          instances,
          load: [loadAtStart, loadavg()[0]!],
          result: null,
          error: String(error),
        });
        return null;
      }
    };
    const clientSpec = (family: EventFamily, kind: string): ClientSpec => ({
      label: `${kind}-${family}`,
      brokers,
      topic: topics[family],
      groupId: `bench-${kind}-${family}-${run}`,
      records: records(family),
      concurrency: config.concurrency,
      maxWaitTimeMs: INGEST_DEFAULTS.fetchMaxWaitMs,
    });

    // Ceiling A: the clients alone.
    if (config.only.has("kafkajs"))
      for (const family of families)
        await measure("ceiling A: kafkajs, empty eachBatch", "kafkajs", family, async () =>
          clientSpec(family, "kafkajs"),
        );
    if (config.only.has("platformatic"))
      for (const family of families)
        await measure("ceiling A: @platformatic/kafka, empty", "platformatic", family, async () =>
          clientSpec(family, "platformatic"),
        );
    // Ceiling C: the client plus validation, nothing written.
    if (config.only.has("validate"))
      for (const family of families)
        await measure("ceiling C: kafkajs + validation, no writes", "validate", family, async () => ({
          ...clientSpec(family, "validate"),
          family,
          now,
        }));

    // The real ingest (headcount first: tickets map categories through the profiles) and the
    // Connect sink, alternating round by round so both see the same machine.
    let ingestDb: { name: string; url: string } | null = null;
    for (let round = 1; round <= config.rounds; round++) {
      if (config.only.has("ingest")) {
        // each instance count ingests the topics into a database of its own
        for (const instances of config.ingestInstances) {
          if (ingestDb) await databases.drop(ingestDb.name);
          ingestDb = await freshDatabase(`ingest_${round}_${instances}`);
          await runIngestRound(ingestDb, round, instances);
        }
      }
      if (config.only.has("connect"))
        for (const family of families)
          await measure(
            "Connect JDBC sink (Debezium 3.5, raw rows)",
            "connect",
            family,
            async (): Promise<ConnectSpec> => ({
              label: `connect-${family}-${round}-${run}`,
              family,
              brokers,
              // not migrated: the sink writes only its own tables
              databaseUrl: databases.url(
                await databases.create(`bench_${run}_${databaseCount++}_connect_${family}_${round}`),
              ),
              topic: topics[family],
              records: records(family),
              partitions: config.partitions,
              batchSize: config.chunkSize,
              heap: config.connectHeap,
            }),
            [],
            round,
          );
    }
    async function runIngestRound(
      ingestDb: { name: string; url: string },
      round: number,
      instances: number,
    ): Promise<void> {
      await logStatements(ingestDb.name);
      // how the checks name this round and instance count
      const runName = `${config.rounds > 1 ? `-round-${round}` : ""}${instances > 1 ? `-${instances}-instances` : ""}`;
      for (const family of families) {
        const nodeArgs = config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${config.cpuProfDir}`] : [];
        const settings =
          (config.chunkSize === INGEST_DEFAULTS.chunkSize && config.concurrency === INGEST_DEFAULTS.concurrency
            ? "shipped defaults"
            : `chunk ${config.chunkSize}, concurrency ${config.concurrency}`) +
          (instances > 1 ? `, ${instances} instances` : "");
        const result = await measure(
          `ingest (hr-radar, ${settings})`,
          "ingest",
          family,
          async (): Promise<IngestSpec> => ({
            label: `ingest-${family}`,
            family,
            brokers,
            databaseUrl: ingestDb.url,
            topic: topics[family],
            groupId: `bench-ingest-${family}-${round}-${instances}-${run}`,
            records: records(family),
            chunkSize: config.chunkSize,
            concurrency: config.concurrency,
            maxWaitTimeMs: INGEST_DEFAULTS.fetchMaxWaitMs,
            now,
          }),
          nodeArgs,
          round,
          instances,
        );
        if (result) {
          const run = {
            label: `ingest-${family}${runName}`,
            counted: { stored: Number(result.details.stored), deadLettered: Number(result.details.deadLettered) },
          };
          checks.push(
            ...(family === "headcount"
              ? await checkHeadcount(ingestDb.url, {
                  ...run,
                  topic: topics.headcount,
                  totals: totals.headcount as HeadcountTotals,
                })
              : await checkTickets(ingestDb.url, {
                  ...run,
                  topic: topics.tickets,
                  totals: totals.tickets as TicketTotals,
                })),
          );
        }
      }
      progress("checking the trends against a full re-derivation");
      checks.push(...(await checkRederivation(ingestDb.url, `ingest${runName}`)));
    }

    // Ceiling B: the ingest's own rows, bulk-copied into a fresh database: once what the
    // ingest transactions commit (facts, ledger, offsets), once the end state with the
    // trends the refresher derived.
    if (config.only.has("copy") && ingestDb) {
      const facts: Record<EventFamily, [string, string][]> = {
        headcount: [
          ["organisations", ""],
          ["headcount_snapshots", ""],
          ["employee_changes", ""],
          ["ingested_events", `where topic = '${topics.headcount}'`],
          ["consumer_offsets", `where topic = '${topics.headcount}'`],
        ],
        tickets: [
          ["tickets", ""],
          ["ticket_volume_reports", ""],
          ["ingested_events", `where topic = '${topics.tickets}'`],
          ["consumer_offsets", `where topic = '${topics.tickets}'`],
        ],
      };
      const trends: Record<EventFamily, string[]> = {
        headcount: ["headcount_daily", "headcount_daily_by_department", "hr_team_daily"],
        tickets: ["function_load_weekly"],
      };
      const dump = async (family: EventFamily, name: string, where: string) =>
        dumpRows(ingestDb!.url, name, where, join(tmp, `${family}-${name}.copy`));
      const files: Record<EventFamily, { facts: CopyFile[]; trends: CopyFile[] }> = {
        headcount: { facts: [], trends: [] },
        tickets: { facts: [], trends: [] },
      };
      for (const family of families) {
        for (const [name, where] of facts[family]) files[family].facts.push(await dump(family, name, where));
        for (const name of trends[family]) files[family].trends.push(await dump(family, name, ""));
      }
      for (const family of families) {
        await measure(
          "ceiling B: COPY of the facts, ledger, offsets",
          "copy",
          family,
          async (): Promise<CopySpec> => ({
            label: `copy-facts-${family}`,
            databaseUrl: (await freshDatabase(`copy_facts_${family}`)).url,
            records: records(family),
            files: files[family].facts,
          }),
        );
        await measure(
          "ceiling B': the same and the trends",
          "copy-all",
          family,
          async (): Promise<CopySpec> => ({
            label: `copy-all-${family}`,
            databaseUrl: (await freshDatabase(`copy_all_${family}`)).url,
            records: records(family),
            files: [...files[family].facts, ...files[family].trends],
          }),
        );
      }
    }

    // The naive peer.
    if (config.only.has("naive")) {
      for (const family of families) {
        await measure(
          "naive: one INSERT per message",
          "naive",
          family,
          async (): Promise<NaiveSpec> => ({
            label: `naive-${family}`,
            family,
            brokers,
            databaseUrl: (await freshDatabase(`naive_${family}`)).url,
            topic: topics[family],
            groupId: `bench-naive-${family}-${run}`,
            records: Math.min(records(family), config.naiveEvents ?? Number.POSITIVE_INFINITY),
            concurrency: config.concurrency,
            maxWaitTimeMs: INGEST_DEFAULTS.fetchMaxWaitMs,
            now,
          }),
        );
      }
    }

    // The API under load, on the ingest's database (real facts and trends).
    let api: ApiPhase | null = null;
    if (config.only.has("api") && ingestDb) {
      progress("--- API under load");
      api = await runApiPhase(ingestDb.url, config, signal);
    }

    // The analyzer at growing sizes.
    const analyzer: AnalyzerRow[] = [];
    if (config.only.has("analyzer")) {
      for (const organisations of config.analyzerOrgs) {
        progress(`--- analyzer, ${num(organisations)} organisations: filling the trend tables`);
        const db = await freshDatabase(`analyzer_${organisations}`);
        const fillStarted = performance.now();
        const sql = postgres(db.url, { max: 4, onnotice: () => {} });
        let rowsWritten = 0;
        try {
          const counts = await fillAnalyzerData(sql, {
            organisations,
            weeks: config.analyzerWeeks,
            end: config.end,
            seed: config.seed,
          });
          rowsWritten = Object.values(counts).reduce((a, b) => a + b, 0);
        } finally {
          await sql.end({ timeout: 5 });
        }
        const fillSeconds = (performance.now() - fillStarted) / 1000;
        progress(
          `analyzer, ${num(organisations)} organisations: ${num(rowsWritten)} rows in ${num(fillSeconds, 1)} s; analysing`,
        );
        await logStatements(db.name);
        try {
          const spec: AnalyzerSpec = {
            label: `analyzer-${organisations}`,
            brokers,
            databaseUrl: db.url,
            alertsTopic,
            organisations,
            evaluatedAt: `${config.end}T06:00:00Z`,
          };
          const result = await runChild(
            "analyzer",
            spec,
            signal,
            config.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${config.cpuProfDir}`] : [],
          );
          progress(
            `analyzer, ${num(organisations)} organisations: ${num(result.seconds, 1)} s, peak RSS ${num(result.maxRssMb)} MiB`,
          );
          analyzer.push({ organisations, rows: rowsWritten, fillSeconds, result });
        } catch (error) {
          if (signal.aborted) throw error;
          progress(`analyzer, ${num(organisations)} organisations FAILED: ${String(error)}`);
          analyzer.push({ organisations, rows: rowsWritten, fillSeconds, result: null, error: String(error) });
        }
        await databases.drop(db.name);
      }
    }

    const report = {
      date,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        kafka: kafkaInfra.how,
        postgres: pgInfra.how,
      },
      config: { ...config, only: [...config.only] },
      shape,
      load: { headcount: totals.headcount, tickets: totals.tickets, produced },
      ingest: rows,
      analyzer,
      api,
      checks,
      seconds: (performance.now() - startedAt) / 1000,
    };
    await writeFile(config.json, `${JSON.stringify(report, null, 2)}\n`);
    printReport(report);
    progress(`results written to ${config.json}`);
    const failed =
      rows.some((r) => r.result === null) || analyzer.some((a) => a.result === null) || checks.some((c) => !c.ok);
    return failed ? 1 : 0;
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => progress(`cleanup failed: ${String(error)}`));
  }
}

/**
 * Several ingest instances in one consumer group, each a child process of its own, started
 * together and measured as one: from the first instance's partition assignment to the last
 * chunk any of them committed (and to trends current), on the wall clock; the peak RSS is the
 * largest instance's (each process is held to the target on its own), the CPU and the counts
 * are summed.
 */
async function runInstances(
  instances: number,
  kind: string,
  spec: unknown,
  signal: AbortSignal,
  nodeArgs: readonly string[],
): Promise<ContenderResult> {
  const results = await Promise.all(
    Array.from({ length: instances }, (_, index) =>
      runChild(
        kind,
        { ...(spec as object), label: `${(spec as { label: string }).label}-${index + 1}` },
        signal,
        nodeArgs,
      ),
    ),
  );
  const detail = (r: ContenderResult, name: string) => Number(r.details[name]);
  const assigned = Math.min(...results.map((r) => detail(r, "assignedAtMs")));
  const lastChunk = Math.max(...results.map((r) => detail(r, "lastChunkAtMs")));
  const trendsCurrent = Math.max(...results.map((r) => detail(r, "trendsCurrentAtMs")));
  const sum = (name: string) => results.reduce((total, r) => total + detail(r, name), 0);
  const first = results[0]!;
  return {
    ...first,
    seconds: (lastChunk - assigned) / 1000,
    totalSeconds: Math.max(...results.map((r) => r.totalSeconds)),
    maxRssMb: Math.max(...results.map((r) => r.maxRssMb)),
    details: {
      ...first.details,
      instances,
      trendsCurrentSeconds: (trendsCurrent - assigned) / 1000,
      cpuSeconds: sum("cpuSeconds"),
      chunks: sum("chunks"),
      stored: sum("stored"),
      duplicates: sum("duplicates"),
      replayed: sum("replayed"),
      deadLettered: sum("deadLettered"),
      rssMbPerInstance: results.map((r) => Math.round(r.maxRssMb)).join(" / "),
    },
  };
}

/** Scales the organisation count and ticket rate so each topic gets about its target. */
function calibrate(config: Config) {
  const base = {
    organisations: 100,
    weeks: config.weeks,
    seed: config.seed,
    ticketsPerEmployeeWeek: 0.02,
    end: config.end,
  };
  const sample = generateLoad(base);
  const headcountPerOrg = sample.headcount.records.length / base.organisations;
  const organisations = Math.max(1, Math.round(config.headcountEvents / headcountPerOrg));
  const ticketsPerOrg = sample.tickets.records.length / base.organisations;
  const ticketsPerEmployeeWeek = (base.ticketsPerEmployeeWeek * config.ticketEvents) / (ticketsPerOrg * organisations);
  return { ...base, organisations, ticketsPerEmployeeWeek };
}

type Report = {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; kafka: string; postgres: string };
  config: Omit<Config, "only"> & { only: string[] };
  shape: ReturnType<typeof calibrate>;
  load: { headcount: HeadcountTotals; tickets: TicketTotals; produced: Produced };
  ingest: IngestRow[];
  analyzer: AnalyzerRow[];
  api: ApiPhase | null;
  checks: Check[];
  seconds: number;
};

function printReport(r: Report): void {
  const rate = (x: ContenderResult | null | undefined) => (x ? x.records / x.seconds : Number.NaN);
  const trendsRate = (x: ContenderResult) => x.records / Number(x.details.trendsCurrentSeconds);
  const find = (kind: ContenderKind, family: EventFamily) =>
    r.ingest.find((row) => row.kind === kind && row.family === family);
  // the ingest's rows of one instance count: the first measured, unless another is asked for
  const primary = r.config.ingestInstances[0] ?? 1;
  const resultsOf = (kind: ContenderKind, family: EventFamily, instances = primary) =>
    r.ingest.flatMap((row) =>
      row.kind === kind && row.family === family && row.result && (kind !== "ingest" || row.instances === instances)
        ? [row.result]
        : [],
    );
  // over the rounds (--rounds): the median throughput; with one round, that round's
  const medianRate = (
    kind: ContenderKind,
    family: EventFamily,
    of: (x: ContenderResult) => number = rate,
    instances = primary,
  ) => median(resultsOf(kind, family, instances).map(of));
  const out: string[] = [];
  out.push(
    `hr-radar benchmark, ${r.date.slice(0, 16).replace("T", " ")} UTC: ${r.machine.cpus} x ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, node ${r.machine.node}, Kafka ${r.machine.kafka}, Postgres ${r.machine.postgres}`,
  );
  out.push(
    `load: seed ${r.config.seed}, ${num(r.shape.organisations)} organisations x ${r.config.weeks} weeks, ${r.config.partitions} partitions per topic; ` +
      `${num(r.load.headcount.records)} headcount + ${num(r.load.tickets.records)} ticket events produced in ${num(r.load.produced.seconds, 1)} s`,
  );
  out.push(
    `ingest settings: chunk ${r.config.chunkSize}, concurrency ${r.config.concurrency}, instances ${r.config.ingestInstances.join(" and ")} (the ratios without a count: ${primary}); seconds = first fetch to last row committed (offsets included), and to trends current; total run ${num(r.seconds / 60, 1)} min`,
  );
  out.push(
    "ingest / this: the ingest's events/s (the median over the rounds) over this row's (B' and the second ingest line: until trends current)",
  );
  out.push(
    "CPU s: the contender process' own user + system time (the Connect worker JVM's from partition assignment on; Postgres and the broker not included); load: 1-minute load average at start / end",
  );
  out.push("");
  const header = [
    "contender",
    "topic",
    ...(r.config.rounds > 1 ? ["round"] : []),
    "events",
    "seconds",
    "events/s",
    "ingest / this",
    "peak RSS MiB",
    "CPU s",
    "load",
  ];
  const loadText = (row: IngestRow) => `${num(row.load[0], 1)} / ${num(row.load[1], 1)}`;
  const body = r.ingest.flatMap((row) => {
    const ingest = medianRate("ingest", row.family);
    const own = rate(row.result);
    // the end state with trends is compared with the ingest until its trends were current
    const compared = row.kind === "copy-all" ? medianRate("ingest", row.family, trendsRate) : ingest;
    const cpu = row.result?.details.workerCpuSeconds ?? row.result?.details.cpuSeconds;
    const line = [
      row.contender,
      row.family,
      ...(r.config.rounds > 1 ? [String(row.round)] : []),
      num(row.result?.records ?? Number.NaN),
      num(row.result?.seconds ?? Number.NaN, 1),
      row.result ? num(own) : `failed`,
      row.kind === "ingest"
        ? ""
        : row.kind === "naive" || row.kind === "connect"
          ? `${num(ingest / own, 2)}x`
          : percent(compared / own),
      num(row.result?.maxRssMb ?? Number.NaN),
      cpu === undefined ? "" : num(Number(cpu), 1),
      loadText(row),
    ];
    if (row.kind !== "ingest" || !row.result) return [line];
    // the same run, timed until the trend refresher had nothing left to re-derive
    const current = Number(row.result.details.trendsCurrentSeconds);
    return [
      line,
      [
        "  the same, until trends current",
        row.family,
        ...(r.config.rounds > 1 ? [String(row.round)] : []),
        num(row.result.records),
        num(current, 1),
        num(row.result.records / current),
        "",
        "",
        "",
        "",
      ],
    ];
  });
  out.push(table(header, body));
  for (const row of r.ingest.filter((x) => x.result === null))
    out.push(`  ${row.contender}, ${row.family}: ${row.error}`);
  out.push(...connectAsymmetry(r.ingest));
  out.push("");
  const targets: string[][] = [];
  for (const family of ["headcount", "tickets"] as const) {
    const ingest = medianRate("ingest", family);
    const sink = medianRate("connect", family);
    // the issue's targets (#18): 1.0x and 0.5x; it is resolved at 0.75x on both topics. The
    // sink runs a task per partition up to the cores; the ingest scales by instances instead,
    // so each instance count measured gets its ratios.
    for (const instances of r.config.ingestInstances) {
      const scaled = medianRate("ingest", family, rate, instances);
      const trendsCurrentRate = medianRate("ingest", family, trendsRate, instances);
      const which = instances > 1 ? `, ${instances} instances` : "";
      targets.push([
        `${family}: ingest${which} / Connect JDBC sink`,
        `${num(scaled / sink, 2)}x`,
        ">= 1.0x",
        verdict(scaled / sink >= 1, scaled / sink),
      ]);
      targets.push([
        `${family}: ingest${which} / Connect JDBC sink (issue resolved)`,
        `${num(scaled / sink, 2)}x`,
        ">= 0.75x",
        verdict(scaled / sink >= 0.75, scaled / sink),
      ]);
      targets.push([
        `${family}: trends current${which} / Connect JDBC sink`,
        `${num(trendsCurrentRate / sink, 2)}x`,
        ">= 0.5x",
        verdict(trendsCurrentRate / sink >= 0.5, trendsCurrentRate / sink),
      ]);
    }
    const ceilingA = medianRate("kafkajs", family);
    const naive = rate(find("naive", family)?.result);
    const ceilingB = rate(find("copy", family)?.result);
    const platformatic = rate(find("platformatic", family)?.result);
    targets.push([
      `${family}: ingest / ceiling A (kafkajs)`,
      percent(ingest / ceilingA),
      ">= 50%",
      verdict(ingest / ceilingA >= 0.5, ingest / ceilingA),
    ]);
    targets.push([`${family}: ingest / ceiling A (@platformatic/kafka)`, percent(ingest / platformatic), "", ""]);
    targets.push([`${family}: ingest / ceiling B (COPY of what a chunk commits)`, percent(ingest / ceilingB), "", ""]);
    const trendsCurrent = medianRate("ingest", family, trendsRate);
    targets.push([
      `${family}: until trends current / ceiling B' (COPY with trends)`,
      percent(trendsCurrent / rate(find("copy-all", family)?.result)),
      "",
      "",
    ]);
    targets.push([
      `${family}: ingest / ceiling C (kafkajs + validation)`,
      percent(ingest / rate(find("validate", family)?.result)),
      "",
      "",
    ]);
    targets.push([
      `${family}: ingest / naive`,
      `${num(ingest / naive, 1)}x`,
      ">= 10x",
      verdict(ingest / naive >= 10, ingest / naive),
    ]);
  }
  out.push(table(["ratio", "value", "target", ""], targets));
  if (r.analyzer.length > 0) {
    out.push("");
    const rowsA = r.analyzer.map((a, i) => {
      const prev = i > 0 ? r.analyzer[i - 1] : undefined;
      const growth =
        prev?.result && a.result
          ? a.result.seconds / prev.result.seconds / (a.organisations / prev.organisations)
          : Number.NaN;
      return [
        num(a.organisations),
        num(a.rows),
        num(a.fillSeconds, 1),
        a.result ? num(a.result.seconds, 1) : "failed",
        num(a.result ? a.organisations / a.result.seconds : Number.NaN),
        num(a.result ? (1000 * a.result.seconds) / a.organisations : Number.NaN, 2),
        Number.isNaN(growth) ? "" : num(growth, 2),
        num(a.result?.maxRssMb ?? Number.NaN),
        a.result ? `${a.result.details.findings} / ${a.result.details.raised}` : "",
      ];
    });
    out.push(
      table(
        [
          "analyzer: organisations",
          "trend rows",
          "fill s",
          "analyse s",
          "orgs/s",
          "s per 1,000 orgs",
          "time growth / size growth",
          "peak RSS MiB",
          "findings / alerts raised",
        ],
        rowsA,
      ),
    );
    const tenK = r.analyzer.find((a) => a.organisations === 10_000)?.result;
    if (tenK)
      out.push(
        `analyzer at 10,000 organisations: ${num(tenK.seconds, 1)} s (target < 60 s): ${verdict(tenK.seconds < 60, tenK.seconds)}`,
      );
    for (const a of r.analyzer.filter((x) => x.result === null))
      out.push(`  analyzer at ${num(a.organisations)}: ${a.error}`);
  }
  if (r.api) out.push("", ...apiReport(r.api));
  const failedChecks = r.checks.filter((c) => !c.ok);
  out.push("");
  out.push(
    r.checks.length === 0
      ? "no ingest checks ran"
      : failedChecks.length === 0
        ? `exactly-once checks: all ${r.checks.length} passed (offsets, ledger, facts and trend totals)`
        : `exactly-once checks FAILED:\n${failedChecks.map((c) => `  ${c.name}: expected ${c.expected}, got ${c.actual}`).join("\n")}`,
  );
  console.log(out.join("\n"));
}

/** What the API phase measured: the load rows, and the API process' own figures. */
interface ApiPhase {
  organisationId: string;
  rows: ApiLoadRow[];
  apiPeakRssMb: number;
  load: [number, number];
  error?: string;
}

/**
 * Starts the api service (its own process, as deployed) on the database, makes a token for
 * its largest organisation, and has a child load its dashboard reads over HTTP and the same
 * queries directly.
 */
async function runApiPhase(databaseUrl: string, config: Config, signal: AbortSignal): Promise<ApiPhase> {
  const database = connectDatabase(databaseUrl, { max: 1, applicationName: "bench-api-setup" });
  let organisationId = "";
  let token = "";
  try {
    const [largest] = await database.db.execute<{ organisation_id: string }>(
      sql`select organisation_id from headcount_snapshots order by headcount desc limit 1`,
    );
    organisationId = largest?.organisation_id ?? "";
    // statistics as autovacuum would have gathered them on a live database by now
    await database.db.execute(sql`analyze`);
    token = (await createApiToken(database.db, { organisationId, name: "bench" })).token;
  } finally {
    await database.close();
  }
  const port = await freePort();
  const service = spawnServiceProcess("api", {
    // as the image runs it
    NODE_OPTIONS: SERVICE_NODE_OPTIONS,
    DATABASE_URL: databaseUrl,
    API_PORT: String(port),
    API_HOST: "127.0.0.1",
    OPS_PORT: "0",
    LOG_LEVEL: "warn",
  });
  const url = `http://127.0.0.1:${port}`;
  const load: [number, number] = [loadavg()[0]!, Number.NaN];
  try {
    for (let tries = 0; ; tries++) {
      const ok = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (!service.running() || tries > 300) throw new Error(`the api did not start: ${service.stderr()}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    const spec: ApiLoadSpec = {
      label: "api",
      url,
      token,
      databaseUrl,
      organisationId,
      connections: config.apiConnections,
      seconds: config.apiSeconds,
      poolSize: API_POOL_SIZE,
    };
    const result = await runChild("api", spec, signal);
    load[1] = loadavg()[0]!;
    return {
      organisationId,
      rows: JSON.parse(String(result.details.rows)) as ApiLoadRow[],
      apiPeakRssMb: service.peakRssMb(),
      load,
    };
  } catch (error) {
    if (signal.aborted) throw error;
    progress(`API under load FAILED: ${String(error)}`);
    return { organisationId, rows: [], apiPeakRssMb: service.peakRssMb(), load, error: String(error) };
  } finally {
    service.signal("SIGTERM");
    await service.exited;
  }
}

/** startApiServer's pool: the direct queries get as many connections as the API has. */
const API_POOL_SIZE = 5;

function apiReport(a: ApiPhase): string[] {
  if (a.error) return [`API under load: FAILED: ${a.error}`];
  const direct = (r: ApiLoadRow) =>
    a.rows.find((d) => d.via === "direct" && d.endpoint === r.endpoint && d.connections === r.connections);
  return [
    `API under load: organisation ${a.organisationId} (the largest), the api service's own process (peak RSS ${num(a.apiPeakRssMb)} MiB), autocannon; direct: the same query functions on a pool of ${API_POOL_SIZE}, as many calls at once as clients; load ${num(a.load[0], 1)} / ${num(a.load[1], 1)}`,
    table(
      [
        "endpoint",
        "clients",
        "HTTP req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "direct calls/s",
        "p50 ms",
        "p99 ms",
        "HTTP / direct",
      ],
      a.rows
        .filter((r) => r.via === "http")
        .map((r) => {
          const d = direct(r);
          return [
            r.endpoint,
            String(r.connections),
            num(r.perSecond),
            num(r.p50ms),
            num(r.p99ms),
            num(r.errors),
            num(d?.perSecond ?? Number.NaN),
            num(d?.p50ms ?? Number.NaN, 1),
            num(d?.p99ms ?? Number.NaN, 1),
            percent(r.perSecond / (d?.perSecond ?? Number.NaN)),
          ];
        }),
    ),
  ];
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * What the Connect sink did not do, as measured: every record a row (none rejected), the
 * probe's not-JSON, not-CloudEvents and schema-violating records landed as rows, its
 * repeated event landed twice, and its dead-letter topic stayed empty.
 */
function connectAsymmetry(rows: readonly IngestRow[]): string[] {
  const runs = rows.filter((row) => row.kind === "connect" && row.result);
  if (runs.length === 0) return [];
  return [
    "",
    "Connect JDBC sink, what it does not do (hr-radar's ingest validates, dead-letters with a reason, dedupes by CloudEvents source + id, writes facts and trends):",
    ...runs.map((row) => {
      const d = row.result!.details;
      return `  ${row.family}${row.round > 1 ? ` round ${row.round}` : ""}: ${num(Number(d.rows))} rows for ${num(row.result!.records)} records (${num(Number(d.binaryRows))} binary-mode, ce_* headers as columns, ${num(Number(d.binaryRowsWithoutCeColumns))} of them without); probe: ${num(Number(d.probeRowsLanded))} rows for ${num(Number(d.probeRecords))} records (not JSON, not a CloudEvent, a schema violation, one event sent twice: all landed), dead-letter topic ${num(Number(d.deadLettered))} records; ${d.tasks} tasks, batch ${d.batchSize}, heap ${d.workerHeap}`;
    }),
  ];
}

/** A ratio as a percentage, with a decimal below 10%. */
function percent(ratio: number): string {
  return `${num(100 * ratio, 100 * ratio < 10 ? 1 : 0)}%`;
}

function verdict(ok: boolean, value: number): string {
  return Number.isFinite(value) ? (ok ? "MET" : "MISSED") : "";
}

function readConfig(): Config {
  const parsed = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: "string" as const }])),
      help: { type: "boolean", short: "h" },
    },
  });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(
      [
        "usage: pnpm bench [options]",
        "KAFKA_BROKERS / DATABASE_URL: use that broker / server instead of starting one",
        ...Object.entries(OPTIONS).map(
          ([name, o]) => `  --${name.padEnd(18)} ${o.help} (default ${o.default || "''"})`,
        ),
      ].join("\n"),
    );
    process.exit(0);
  }
  const raw = (name: OptionName): string => {
    const value = values[name];
    return typeof value === "string" ? value : OPTIONS[name].default;
  };
  const positive = (text: string, name: string): number => {
    const value = Number(text.replaceAll("_", ""));
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`--${name}: expected a positive integer, got '${text}'`);
    return value;
  };
  // a comma-separated option of positive integers ('' for none)
  const positives = (name: OptionName): number[] =>
    raw(name)
      .split(",")
      .filter((v) => v.trim() !== "")
      .map((v) => positive(v, name));
  const events = positive(raw("events"), "events");
  const only = raw("only").split(",").filter(Boolean);
  for (const o of only)
    if (!(CONTENDERS as readonly string[]).includes(o)) throw new Error(`--only: unknown contender '${o}'`);
  return {
    headcountEvents: raw("headcount-events") ? positive(raw("headcount-events"), "headcount-events") : events,
    ticketEvents: raw("ticket-events") ? positive(raw("ticket-events"), "ticket-events") : events,
    weeks: positive(raw("weeks"), "weeks"),
    seed: positive(raw("seed"), "seed"),
    end: raw("end"),
    partitions: positive(raw("partitions"), "partitions"),
    naiveEvents: raw("naive-events") ? positive(raw("naive-events"), "naive-events") : null,
    analyzerOrgs: positives("analyzer-orgs"),
    analyzerWeeks: positive(raw("analyzer-weeks"), "analyzer-weeks"),
    chunkSize: positive(raw("chunk-size"), "chunk-size"),
    concurrency: positive(raw("concurrency"), "concurrency"),
    ingestInstances: positives("ingest-instances"),
    rounds: positive(raw("rounds"), "rounds"),
    apiConnections: positives("api-connections"),
    apiSeconds: positive(raw("api-seconds"), "api-seconds"),
    connectHeap: raw("connect-heap"),
    only: new Set(only as ContenderKind[]),
    json: raw("json"),
    cpuProfDir: raw("cpu-prof-dir"),
    logStatementsMs: raw("log-statements-ms") === "" ? null : Number(raw("log-statements-ms")),
  };
}

runBenchmark(main, progress, "the contender and the infra");
