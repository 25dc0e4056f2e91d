// Ingest throughput benchmark: `pnpm bench:ingest [--orgs 200 --weeks 26 ...]` (--help); see docs/performance.md.
//
// Starts its own Kafka and Postgres the way the integration tests do (or uses
// KAFKA_BROKERS / DATABASE_URL), produces a seeded synthetic HRIS + helpdesk history,
// then runs the real ingest runners in this process and measures end-to-end events/s,
// per-chunk latency and the trend tables they build. It checks that every total adds up
// exactly (exit 1 if not), and compares chunk sizes and concurrency on the tickets topic.
// Progress goes to stderr, results to stdout.
import { parseArgs } from "node:util";
import { migrateDatabase } from "@hr-radar/db";
import { DEFAULT_TOPICS } from "@hr-radar/events";
import { headcountHandler } from "@hr-radar/ingest-headcount";
import { INGEST_DEFAULTS } from "@hr-radar/ingest-runner";
import { ticketHandler } from "@hr-radar/ingest-tickets";
import { createKafka } from "@hr-radar/service-kit";
import { startKafkaAndPostgres } from "../support/infra.ts";
import { createTopics, deleteTopics, suffix } from "../support/kafka-admin.ts";
import { checkHeadcount, checkTickets, trendTableRows } from "../support/load-checks.ts";
import { databaseServer } from "../support/postgres-admin.ts";
import { generateLoad } from "../support/synthetic-load.ts";
import { produceLoad } from "./environment.ts";
import { captureLogger, progress } from "./measure.ts";
import { type PhaseResult, type PhaseSpec, runPhase } from "./phase.ts";
import { runBenchmark } from "./program.ts";
import { printPhaseDone, printReport } from "./report.ts";

const OPTIONS = {
  orgs: { env: "BENCH_ORGS", default: "200", help: "organisations" },
  weeks: { env: "BENCH_WEEKS", default: "26", help: "weeks of history" },
  seed: { env: "BENCH_SEED", default: "1", help: "PRNG seed (same seed, same topics)" },
  "ticket-rate": { env: "BENCH_TICKET_RATE", default: "0.02", help: "mean helpdesk tickets per employee per week" },
  end: { env: "BENCH_END", default: "2026-06-01", help: "Monday the history ends on; also the consumers' clock" },
  partitions: { env: "BENCH_PARTITIONS", default: "6", help: "partitions per topic" },
  "producer-batch": { env: "BENCH_PRODUCER_BATCH", default: "5000", help: "records per producer send" },
  "chunk-size": {
    env: "INGEST_CHUNK_SIZE",
    default: String(INGEST_DEFAULTS.chunkSize),
    help: "records per transaction in the main phases",
  },
  concurrency: {
    env: "INGEST_CONCURRENCY",
    default: String(INGEST_DEFAULTS.concurrency),
    help: "partitions processed at once in the main phases",
  },
  "compare-chunk-sizes": {
    env: "BENCH_COMPARE_CHUNK_SIZES",
    default: "500,5000",
    help: "chunk sizes to compare on the tickets topic ('' skips)",
  },
  "compare-concurrency": {
    env: "BENCH_COMPARE_CONCURRENCY",
    default: "1,2",
    help: "concurrency values to compare on the tickets topic",
  },
  "compare-weeks": {
    env: "BENCH_COMPARE_WEEKS",
    default: "8",
    help: "weeks of helpdesk history each comparison run ingests",
  },
} as const;
const FLAGS = {
  "keep-database": {
    env: "BENCH_KEEP_DATABASE",
    help: "leave the benchmark databases in place (useful with DATABASE_URL)",
  },
} as const;
type OptionName = keyof typeof OPTIONS;

interface Config {
  orgs: number;
  weeks: number;
  seed: number;
  ticketRate: number;
  end: string;
  partitions: number;
  producerBatch: number;
  chunkSize: number;
  concurrency: number;
  compareChunkSizes: number[];
  compareConcurrency: number[];
  compareWeeks: number;
  keepDatabase: boolean;
}

/** Secret for pseudonymising employee ids; the benchmark's data is synthetic anyway. */
const BENCH_EMPLOYEE_KEY_SECRET = "bench-secret-0123456789abcdef";

async function main(signal: AbortSignal): Promise<number> {
  const config = readConfig();
  const startedAt = performance.now();
  const cleanups: Cleanup[] = [];
  try {
    progress(`generating the load (seed ${config.seed}, ${config.orgs} organisations, ${config.weeks} weeks)`);
    const load = generateLoad({
      organisations: config.orgs,
      weeks: config.weeks,
      seed: config.seed,
      ticketsPerEmployeeWeek: config.ticketRate,
      end: config.end,
    });
    const compareLoad = load.ticketsForWeeks(Math.min(config.compareWeeks, config.weeks));
    const bench = await setUp(config, cleanups);
    const produced = await produceLoad(
      bench.kafka,
      [
        [bench.topics.headcount, load.headcount.records],
        [bench.topics.tickets, load.tickets.records],
        [bench.topics.ticketsCompare, compareLoad.records],
      ],
      config.producerBatch,
      signal,
    );

    const phase = (
      over: Partial<PhaseSpec> & Pick<PhaseSpec, "label" | "family" | "handler" | "topic" | "records" | "databaseUrl">,
    ): PhaseSpec => ({
      brokers: bench.brokers,
      groupId: `bench-${over.label}-${bench.run}`,
      chunkSize: config.chunkSize,
      concurrency: config.concurrency,
      now: new Date(`${config.end}T00:00:00Z`),
      signal,
      ...over,
    });
    const mainDb = bench.databases.url(bench.mainDatabase);
    const headcount = await runPhase(
      phase({
        label: "headcount",
        family: "headcount",
        handler: headcountHandler(BENCH_EMPLOYEE_KEY_SECRET),
        topic: bench.topics.headcount,
        records: load.headcount.records.length,
        databaseUrl: mainDb,
      }),
    );
    printPhaseDone(headcount);
    // Every comparison run starts from this state: profiles and headcount in, no tickets.
    const afterHeadcount = await bench.databases.create(`${bench.mainDatabase}_hc`, bench.mainDatabase);
    const tickets = await runPhase(
      phase({
        label: "tickets",
        family: "tickets",
        handler: ticketHandler,
        topic: bench.topics.tickets,
        records: load.tickets.records.length,
        databaseUrl: mainDb,
      }),
    );
    printPhaseDone(tickets);
    const checks = [
      ...(await checkHeadcount(mainDb, {
        label: headcount.label,
        counted: headcount.chunks,
        topic: bench.topics.headcount,
        totals: load.headcount.totals,
      })),
      ...(await checkTickets(mainDb, {
        label: tickets.label,
        counted: tickets.chunks,
        topic: bench.topics.tickets,
        totals: load.tickets.totals,
      })),
    ];
    const trendRows = await trendTableRows(mainDb);

    const comparison: PhaseResult[] = [];
    for (const [chunkSize, concurrency] of comparisonGrid(config)) {
      const label = `tickets-c${chunkSize}-p${concurrency}`;
      const name = `${bench.mainDatabase}_c${chunkSize}_p${concurrency}`;
      const url = bench.databases.url(await bench.databases.create(name, afterHeadcount));
      const result = await runPhase(
        phase({
          label,
          family: "tickets",
          handler: ticketHandler,
          topic: bench.topics.ticketsCompare,
          records: compareLoad.records.length,
          databaseUrl: url,
          chunkSize,
          concurrency,
        }),
      );
      printPhaseDone(result);
      checks.push(
        ...(await checkTickets(url, {
          label: result.label,
          counted: result.chunks,
          topic: bench.topics.ticketsCompare,
          totals: compareLoad.totals,
        })),
      );
      comparison.push(result);
      await bench.databases.drop(name);
    }

    printReport({
      config,
      load,
      compareRecords: compareLoad.records.length,
      produced,
      infra: bench.infra,
      phases: [headcount, tickets],
      trendRows,
      checks,
      comparison,
      seconds: (performance.now() - startedAt) / 1000,
    });
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup.run().catch((error: unknown) => progress(`cleanup of ${cleanup.name} failed: ${String(error)}`));
    }
  }
}

interface Cleanup {
  name: string;
  run(): Promise<void>;
}

/** Kafka, Postgres, a migrated database and the run's own topics; each registers its cleanup. */
async function setUp(config: Config, cleanups: Cleanup[]) {
  progress("starting Kafka and Postgres");
  const { kafka: kafkaInfra, postgres: pgInfra } = await startKafkaAndPostgres(false, (s) =>
    cleanups.push({ name: `${s.how} infra`, run: s.stop }),
  );
  const run = suffix();
  const brokers = kafkaInfra.url.split(",");

  const databases = databaseServer(pgInfra.url, { keep: config.keepDatabase });
  cleanups.push({ name: "databases", run: () => databases.dropAll() });
  const mainDatabase = await databases.create(`bench_${run}`);
  await migrateDatabase(databases.url(mainDatabase));

  const kafka = createKafka({ brokers, clientId: `bench-${run}`, logger: captureLogger("kafka").logger });
  const topics = {
    headcount: `${DEFAULT_TOPICS.headcount}.bench-${run}`,
    tickets: `${DEFAULT_TOPICS.tickets}.bench-${run}`,
    ticketsCompare: `${DEFAULT_TOPICS.tickets}.bench-${run}-compare`,
  };
  await createTopics(kafka, Object.values(topics), config.partitions, { warmUpCoordinator: true });
  cleanups.push({
    name: "topics",
    run: () =>
      deleteTopics(
        kafka,
        Object.values(topics).flatMap((t) => [t, `${t}.dlq`]),
      ),
  });
  return { run, brokers, kafka, topics, databases, mainDatabase, infra: { kafka: kafkaInfra, postgres: pgInfra } };
}

/** Chunk size x concurrency pairs to compare, with the main phases' setting as the reference. */
function comparisonGrid(config: Config): [number, number][] {
  if (config.compareChunkSizes.length === 0 || config.compareConcurrency.length === 0) return [];
  const pairs = new Map<string, [number, number]>([
    [`${config.chunkSize}/${config.concurrency}`, [config.chunkSize, config.concurrency]],
  ]);
  for (const c of config.compareChunkSizes) for (const p of config.compareConcurrency) pairs.set(`${c}/${p}`, [c, p]);
  return [...pairs.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function readConfig(): Config {
  const parsed = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: "string" as const }])),
      ...Object.fromEntries(Object.keys(FLAGS).map((name) => [name, { type: "boolean" as const }])),
      help: { type: "boolean", short: "h" },
    },
  });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    const lines = [
      ...Object.entries(OPTIONS).map(
        ([name, o]) => `  --${name.padEnd(22)} ${o.help} (env ${o.env}, default ${o.default || "''"})`,
      ),
      ...Object.entries(FLAGS).map(([name, f]) => `  --${name.padEnd(22)} ${f.help} (env ${f.env}=1)`),
    ];
    console.log(
      [
        "usage: node test/bench/ingest-throughput.ts [options]",
        "KAFKA_BROKERS / DATABASE_URL: use that broker / server instead of starting one",
        ...lines,
      ].join("\n"),
    );
    process.exit(0);
  }
  const raw = (name: OptionName): string => {
    const value = values[name] ?? process.env[OPTIONS[name].env] ?? OPTIONS[name].default;
    return typeof value === "string" ? value : OPTIONS[name].default;
  };
  const positive = (name: OptionName, integer = true): number => {
    const value = Number(raw(name));
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      throw new Error(`--${name}: expected a positive ${integer ? "integer" : "number"}, got '${raw(name)}'`);
    return value;
  };
  const flag = (name: keyof typeof FLAGS): boolean => values[name] === true || process.env[FLAGS[name].env] === "1";
  const list = (name: OptionName): number[] =>
    raw(name)
      .split(",")
      .filter((v) => v.trim() !== "")
      .map((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0)
          throw new Error(`--${name}: expected positive integers, got '${raw(name)}'`);
        return n;
      });
  return {
    orgs: positive("orgs"),
    weeks: positive("weeks"),
    seed: positive("seed"),
    ticketRate: positive("ticket-rate", false),
    end: raw("end"),
    partitions: positive("partitions"),
    producerBatch: positive("producer-batch"),
    chunkSize: positive("chunk-size"),
    concurrency: positive("concurrency"),
    compareChunkSizes: list("compare-chunk-sizes"),
    compareConcurrency: list("compare-concurrency"),
    compareWeeks: positive("compare-weeks"),
    keepDatabase: flag("keep-database"),
  };
}

runBenchmark(main, progress, "the runners and the infra");
