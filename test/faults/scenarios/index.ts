// The scenarios and their sizes: `fast` for CI and a quick local run, `long` for the
// issue's sizes (pnpm faults --long).
import { type FaultInfra, type RestartableInfra, startRestartable } from "../harness.ts";
import type { ScenarioResult } from "../report.ts";
import { consumerCrash } from "./consumer-crash.ts";
import { analyzerUnderFaults } from "./analyzer.ts";
import { backlog } from "./backlog.ts";
import { hostileInput } from "./hostile.ts";
import { dependencyOutage, type OutageSize } from "./outage.ts";
import { scaleOutAndRebalance } from "./rebalance.ts";

/** Which sizes to run. */
export type SizeName = "fast" | "long";

/** Kafka and Postgres a scenario may also stop and start (the suite owns them). */
export type SuiteInfra = FaultInfra & { kafka: RestartableInfra; postgres: RestartableInfra };

/** Every scenario, by name, at both sizes. */
export const SCENARIOS: Record<string, (infra: SuiteInfra, size: SizeName) => Promise<ScenarioResult>> = {
  "consumer-crash": (infra, size) =>
    consumerCrash(infra, size === "long" ? { organisations: 150, weeks: 26, faultsPerService: 12, seed: 1 } : { organisations: 20, weeks: 8, faultsPerService: 3, seed: 1 }),
  rebalance: (infra, size) =>
    scaleOutAndRebalance(infra, size === "long" ? { organisations: 100, weeks: 26, rate: 1500, seed: 2 } : { organisations: 20, weeks: 8, rate: 250, seed: 2 }),

  "broker-restart": (infra, size) => dependencyOutage(infra, { name: "broker", infra: infra.kafka }, outageSize(size, 3)),
  "postgres-restart": (infra, size) => dependencyOutage(infra, { name: "Postgres", infra: infra.postgres }, outageSize(size, 4)),
  "hostile-input": (infra, size) =>
    hostileInput(infra, size === "long" ? { organisations: 60, weeks: 26, badRecords: 12_000, seed: 5, rssBoundMb: RSS_BOUND_MB } : { organisations: 10, weeks: 8, badRecords: 1_200, seed: 5, rssBoundMb: RSS_BOUND_MB }),
  backlog: (infra, size) => backlog(infra, { records: size === "long" ? 1_000_000 : 20_000, seed: 6, rssBoundMb: RSS_BOUND_MB }),
  analyzer: async (infra, size) => {
    // the analyzer's broker goes down while ingest keeps feeding Postgres through the suite's
    const alertsBroker = await startRestartable("kafka");
    try {
      return await analyzerUnderFaults(infra, alertsBroker, size === "long" ? { organisationsPerWave: 100, brokerDownMs: 30_000 } : { organisationsPerWave: 30, brokerDownMs: 8_000 });
    } finally {
      await alertsBroker.destroy();
    }
  },
};

/** The resident memory an ingest service must stay under, whatever it is fed (MiB). */
export const RSS_BOUND_MB = 400;

function outageSize(size: SizeName, seed: number): OutageSize {
  return size === "long" ? { organisations: 60, weeks: 26, rate: 1000, outageMs: 30_000, seed } : { organisations: 10, weeks: 8, rate: 250, outageMs: 8_000, seed };
}
