// The scenarios and their sizes: `fast` for CI and a quick local run, `long` for the
// issue's sizes (pnpm faults --long).
import { type FaultInfra, type RestartableInfra, startRestartable } from "../../support/own-infra.ts";
import type { ScenarioResult } from "../report.ts";
import { type AnalyzerSize, analyzerUnderFaults } from "./analyzer.ts";
import { type BacklogSize, backlog } from "./backlog.ts";
import { type ConsumerCrashSize, consumerCrash } from "./consumer-crash.ts";
import { type HostileSize, hostileInput } from "./hostile.ts";
import { dependencyOutage, type OutageSize } from "./outage.ts";
import { type PoisonTenantSize, poisonTenant } from "./poison-tenant.ts";
import { type RebalanceSize, scaleOutAndRebalance } from "./rebalance.ts";

/** Which sizes to run. */
export type SizeName = "fast" | "long";

/** Kafka and Postgres a scenario may also stop and start (the suite owns them). */
export type SuiteInfra = FaultInfra & { kafka: RestartableInfra; postgres: RestartableInfra };

/**
 * The resident memory an ingest service must stay under, whatever it is fed (MiB). An idle
 * service already sits near 250–300 MB (Node 24 with these dependencies; V8 sizes its
 * young generation generously on a machine with plenty of RAM), and catching up on a
 * million-event backlog adds a working set that levels off around 390–440 MB; see
 * docs/reliability.md.
 */
export const RSS_BOUND_MB = 512;

interface Sizes {
  crash: ConsumerCrashSize;
  rebalance: RebalanceSize;
  brokerOutage: OutageSize;
  postgresOutage: OutageSize;
  hostile: HostileSize;
  backlog: BacklogSize;
  analyzer: AnalyzerSize;
  poison: PoisonTenantSize;
}

/** The sizes of each run: `fast` takes ~3 minutes, `long` is the issue's. */
export const SIZES: Record<SizeName, Sizes> = {
  fast: {
    crash: { organisations: 30, weeks: 8, faultsPerService: 3, seed: 1 },
    rebalance: { organisations: 20, weeks: 8, rate: 250, seed: 2 },
    brokerOutage: { organisations: 10, weeks: 8, rate: 250, outageMs: 8_000, seed: 3 },
    postgresOutage: { organisations: 10, weeks: 8, rate: 250, outageMs: 8_000, seed: 4 },
    hostile: { organisations: 10, weeks: 8, badRecords: 1_200, seed: 5, rssBoundMb: RSS_BOUND_MB },
    backlog: { records: 20_000, seed: 6, rssBoundMb: RSS_BOUND_MB },
    analyzer: { organisationsPerWave: 30, brokerDownMs: 8_000 },
    poison: { organisations: 48, weeks: 4, rate: 1_500, lagBoundSeconds: 20, seed: 8 },
  },
  long: {
    crash: { organisations: 150, weeks: 26, faultsPerService: 12, seed: 1 },
    rebalance: { organisations: 100, weeks: 26, rate: 1_500, seed: 2 },
    brokerOutage: { organisations: 60, weeks: 26, rate: 1_000, outageMs: 30_000, seed: 3 },
    postgresOutage: { organisations: 60, weeks: 26, rate: 1_000, outageMs: 30_000, seed: 4 },
    hostile: { organisations: 60, weeks: 26, badRecords: 12_000, seed: 5, rssBoundMb: RSS_BOUND_MB },
    backlog: { records: 1_000_000, seed: 6, rssBoundMb: RSS_BOUND_MB },
    analyzer: { organisationsPerWave: 100, brokerDownMs: 30_000 },
    poison: { organisations: 48, weeks: 26, rate: 1_000, lagBoundSeconds: 20, seed: 8 },
  },
};

/** Every scenario, by name. */
export const SCENARIOS: Record<string, (infra: SuiteInfra, size: SizeName) => Promise<ScenarioResult>> = {
  "consumer-crash": (infra, size) => consumerCrash(infra, SIZES[size].crash),
  rebalance: (infra, size) => scaleOutAndRebalance(infra, SIZES[size].rebalance),
  "broker-restart": (infra, size) =>
    dependencyOutage(infra, { name: "broker", infra: infra.kafka }, SIZES[size].brokerOutage),
  "postgres-restart": (infra, size) =>
    dependencyOutage(infra, { name: "Postgres", infra: infra.postgres }, SIZES[size].postgresOutage),
  "hostile-input": (infra, size) => hostileInput(infra, SIZES[size].hostile),
  backlog: (infra, size) => backlog(infra, SIZES[size].backlog),
  "poison-tenant": (infra, size) => poisonTenant(infra, SIZES[size].poison),
  analyzer: async (infra, size) => {
    // the analyzer's broker goes down while ingest keeps feeding Postgres through the suite's
    const alertsBroker = await startRestartable("kafka");
    try {
      return await analyzerUnderFaults(infra, alertsBroker, SIZES[size].analyzer);
    } finally {
      await alertsBroker.destroy();
    }
  },
};
