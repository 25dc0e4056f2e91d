// Scenario 1: both ingest services are SIGKILLed again and again while a seeded history
// streams in: at random moments from outside (mid-fetch, mid-write, wherever it lands)
// and at the three failpoints of a chunk (mid-write, just before the Postgres commit,
// after it and before the Kafka commit). A supervisor restarts them each time. At the
// end every trend total must equal the generator's, exactly.

import { topicRecords } from "../../support/kafka-admin.ts";
import { Cleanups, type FaultInfra, scenarioResources, waitUntilTopicApplied } from "../../support/own-infra.ts";
import { seededRandom } from "../../support/random.ts";
import { ingestReady, type Supervised, supervise } from "../../support/supervisor.ts";
import { sleep } from "../../support/wait.ts";
import { deadLetterCount, historyChecks, INGEST, ingestEnv } from "../ingest.ts";
import { historyLoad, sendRecords } from "../load.ts";
import type { ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface ConsumerCrashSize {
  organisations: number;
  weeks: number;
  /** Faults to inject per service before letting it finish. */
  faultsPerService: number;
  seed: number;
}

/** Random kills alternate with the failpoints, so every kind of death happens in a short run too. */
const DEATHS = [
  "crash-mid-write",
  "random",
  "crash-before-db-commit",
  "random",
  "crash-after-db-commit",
  "random",
] as const;

export async function consumerCrash(infra: FaultInfra, size: ConsumerCrashSize): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const random = seededRandom(size.seed);
    const { db, kafka, topics, run } = await scenarioResources(
      infra,
      cleanups,
      { headcount: "faults.crash.hris", tickets: "faults.crash.tickets" },
      6,
    );
    const load = historyLoad(size.seed, size.organisations, size.weeks);

    const faults: Record<string, number> = {};
    const count = (kind: string) => (faults[kind] = (faults[kind] ?? 0) + 1);
    // the services start at different points of the cycle, so a short run covers every kind
    const cycleStart = { headcount: 0, tickets: 4 };
    const services = (["headcount", "tickets"] as const).map((family) => {
      let deaths = 0;
      const plan: string[] = [];
      const service = supervise({
        name: INGEST[family].service,
        readyWhen: ingestReady,
        env: (incarnation) => {
          const death =
            deaths < size.faultsPerService ? DEATHS[(incarnation + cycleStart[family]) % DEATHS.length]! : "none";
          plan[incarnation] = death;
          const failpoint = death.startsWith("crash-") ? { HR_RADAR_FAILPOINT: `${death}@${random.int(1, 3)}` } : {};
          // small chunks: many transactions, so many places to die
          return ingestEnv(infra, db, family, topics[family], `faults-crash-${family}-${run}`, {
            INGEST_CHUNK_SIZE: "100",
            ...failpoint,
          });
        },
      });
      cleanups.add(() => service.stop());
      const chaos = (async () => {
        for (let incarnation = 0; deaths < size.faultsPerService; incarnation++) {
          while (service.incarnations.length <= incarnation) await sleep(50);
          const child = service.incarnations[incarnation]!;
          const death = plan[incarnation] ?? "none";
          if (death === "random") {
            await child.waitForLog(ingestReady).catch(() => {});
            await sleep(random.int(200, 2500));
            if (child.running()) {
              child.signal("SIGKILL");
              count("SIGKILL at a random moment");
            }
          } else if (death.startsWith("crash-")) {
            // the process kills itself at its failpoint; if the stream ends first, it lives
            const outcome = await Promise.race([child.exited, sleep(30_000).then(() => "alive" as const)]);
            if (outcome === "SIGKILL") count(`failpoint ${death}`);
            else if (outcome === "alive") break;
          }
          await child.exited;
          deaths++;
        }
      })();
      return { family, service, chaos };
    });

    const produced = await Promise.all([
      sendRecords(kafka, topics.headcount, load.headcount.records, { batchSize: 2000 }),
      sendRecords(kafka, topics.tickets, load.tickets.records, { batchSize: 2000 }),
    ]);
    await Promise.all(services.map((s) => s.chaos));
    for (const s of services) await waitUntilTopicApplied(kafka, db, topics[s.family]);
    const maxRssMb = Math.max(...services.map((s) => s.service.peakRssMb()));
    const exits = services.map((s) => describeExits(s.family, s.service));
    for (const s of services) await s.service.stop();

    const offsets = {
      headcount: await topicRecords(kafka, topics.headcount),
      tickets: await topicRecords(kafka, topics.tickets),
    };
    const checks = await historyChecks(db, load, topics, offsets);
    return {
      scenario: "1. consumer crash",
      events: load.headcount.totals.records + load.tickets.totals.records,
      records: offsets.headcount + offsets.tickets,
      faults,
      checks,
      deadLetters: (await deadLetterCount(kafka, topics.headcount)) + (await deadLetterCount(kafka, topics.tickets)),
      maxRssMb,
      observations: [...exits, `producer sends retried: ${produced.reduce((n, p) => n + p.retriedSends, 0)}`],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}

function describeExits(family: string, service: Supervised): string {
  const byCode = new Map<string, number>();
  for (const code of service.exits) byCode.set(String(code), (byCode.get(String(code)) ?? 0) + 1);
  const text = [...byCode].map(([code, n]) => `${n}× ${code}`).join(", ") || "none";
  return `ingest-${family}: ${service.incarnations.length} processes, exits before the end: ${text}`;
}
