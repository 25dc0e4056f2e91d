// Scenario 3: the broker, then Postgres, is stopped mid-stream and started again on the
// same data and port (a redeploy or a crash of the dependency). Both ingest services run
// under a supervisor that restarts them when they exit; the producer keeps retrying. At
// the end nothing is lost and nothing is counted twice, and the report says what a user
// saw meanwhile: process exits, readiness answers, and the warnings in the logs.
import { freePort } from "../../support/infra.ts";
import { topicRecords } from "../../support/kafka-admin.ts";
import {
  Cleanups,
  type FaultInfra,
  type RestartableInfra,
  scenarioResources,
  waitUntilTopicApplied,
} from "../../support/own-infra.ts";
import {
  consumerLifecycle,
  type ReadinessWatch,
  warningsBetween,
  watchReadiness,
} from "../../support/service-watch.ts";
import { ingestReady, supervise } from "../../support/supervisor.ts";
import { sleep } from "../../support/wait.ts";
import { deadLetterCount, historyChecks, INGEST, ingestEnv } from "../ingest.ts";
import { historyLoad, sendRecords } from "../load.ts";
import { type Check, check, type ScenarioResult } from "../report.ts";

/** How long after every record is applied /readyz may take to say 200 again. */
const READY_AGAIN_WITHIN_MS = 15_000;

/** How big a run is. */
export interface OutageSize {
  organisations: number;
  weeks: number;
  /** Events per second of each topic's live feed. */
  rate: number;
  /** How long the dependency stays down. */
  outageMs: number;
  seed: number;
}

/**
 * Runs the feed, takes `dependency` down at a third of it for `outageMs`, brings it back,
 * and checks the totals. `infra` must point at that dependency (it is the scenario's own).
 */
export async function dependencyOutage(
  infra: FaultInfra,
  dependency: { name: "broker" | "Postgres"; infra: RestartableInfra },
  size: OutageSize,
): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const { db, kafka, topics, run } = await scenarioResources(
      infra,
      cleanups,
      { headcount: "faults.outage.hris", tickets: "faults.outage.tickets" },
      3,
    );
    const load = historyLoad(size.seed, size.organisations, size.weeks);

    const families = ["headcount", "tickets"] as const;
    const opsPorts = { headcount: await freePort(), tickets: await freePort() };
    const readiness: Record<string, ReadinessWatch> = {};
    const services = families.map((family) => {
      const service = supervise({
        name: INGEST[family].service,
        readyWhen: ingestReady,
        restartDelayMs: 1_000,
        env: () =>
          ingestEnv(infra, db, family, topics[family], `faults-outage-${family}-${run}`, {
            INGEST_CHUNK_SIZE: "200",
            OPS_PORT: String(opsPorts[family]),
          }),
      });
      cleanups.add(() => service.stop());
      readiness[family] = watchReadiness(opsPorts[family]);
      cleanups.add(() => readiness[family]!.stop());
      return { family, service };
    });
    await Promise.all(services.map((s) => s.service.ready()));

    const feedSeconds = Math.max(load.headcount.records.length, load.tickets.records.length) / size.rate;
    const feedStarted = Date.now();
    const feeds = families.map((family) =>
      sendRecords(kafka, topics[family], load[family].records, {
        batchSize: Math.max(20, Math.round(size.rate / 10)),
        ratePerSecond:
          (size.rate * load[family].records.length) /
          Math.max(load.headcount.records.length, load.tickets.records.length),
        retryForMs: size.outageMs + 120_000,
      }),
    );
    await sleep(Math.max(0, feedStarted + (feedSeconds * 1000) / 3 - Date.now()));
    const downAt = Date.now();
    await dependency.infra.stop();
    const stoppedAt = Date.now();
    await sleep(size.outageMs);
    await dependency.infra.start();
    const upAt = Date.now();
    const produced = await Promise.all(feeds);
    for (const family of families) await waitUntilTopicApplied(kafka, db, topics[family]);
    const caughtUpAt = Date.now();
    // Catching up and saying ready are separate events: a consumer the coordinator forgot
    // during the outage rejoins its group after it resumes fetching, and /readyz follows a
    // poll later. So readiness gets a bounded grace after the catch-up, not an instant.
    await Promise.all(families.map((family) => readiness[family]!.until("200", READY_AGAIN_WITHIN_MS)));
    const maxRssMb = Math.max(...services.map((s) => s.service.peakRssMb()));
    const observations = [
      `${dependency.name} down from ${((downAt - feedStarted) / 1000).toFixed(1)} s into the feed for ${((upAt - downAt) / 1000).toFixed(1)} s (stop took ${((stoppedAt - downAt) / 1000).toFixed(1)} s); every record applied ${((caughtUpAt - upAt) / 1000).toFixed(1)} s after it was back`,
      `producer sends retried during the outage: ${produced.reduce((n, p) => n + p.retriedSends, 0)}`,
    ];
    for (const { family, service } of services) {
      const exits = service.exits.map(String);
      observations.push(
        `ingest-${family}: ${exits.length === 0 ? "kept running" : `exited ${exits.join(", ")} and was restarted by the supervisor`} (${service.incarnations.length} processes)`,
      );
      const watch = readiness[family]!;
      observations.push(
        watch.answered()
          ? `ingest-${family} /readyz: ${watch.transitions.map((t) => `${t.state} at ${((t.at - downAt) / 1000).toFixed(1)} s`).join(" → ")} (relative to the outage start)`
          : `ingest-${family} /readyz: no ops endpoint answered (OPS_PORT not served by this build)`,
      );
      const warnings = warningsBetween(service.logs(), downAt, caughtUpAt);
      observations.push(
        `ingest-${family} warnings/errors during the outage: ${warnings.slice(0, 5).join("; ") || "none"}`,
      );
      const consumer = consumerLifecycle(service.logs(), downAt);
      observations.push(
        `ingest-${family} consumer from the outage start: ${consumer.join(" → ") || "no crash, restart or rejoin logged"}`,
      );
    }
    // what an orchestrator sees: not ready while the dependency is down, ready again after
    const readinessChecks: Check[] = [];
    for (const family of families) {
      const transitions = readiness[family]!.transitions;
      const during = transitions.filter(
        (t, i) => (transitions[i + 1]?.at ?? Number.POSITIVE_INFINITY) >= downAt && t.at <= upAt,
      );
      check(
        readinessChecks,
        `ingest-${family}: /readyz answered 503 during the outage`,
        1,
        during.some((t) => t.state === "503") ? 1 : 0,
      );
      check(
        readinessChecks,
        `ingest-${family}: /readyz answers 200 within ${READY_AGAIN_WITHIN_MS / 1000} s of catching up`,
        1,
        transitions.at(-1)?.state === "200" ? 1 : 0,
      );
    }
    for (const s of services) await s.service.stop();

    const offsets = {
      headcount: await topicRecords(kafka, topics.headcount),
      tickets: await topicRecords(kafka, topics.tickets),
    };
    return {
      scenario: `3. ${dependency.name} restart`,
      events: load.headcount.totals.records + load.tickets.totals.records,
      records: offsets.headcount + offsets.tickets,
      faults: { [`${dependency.name} stopped and restarted`]: 1 },
      checks: [...(await historyChecks(db, load, topics, offsets)), ...readinessChecks],
      deadLetters: (await deadLetterCount(kafka, topics.headcount)) + (await deadLetterCount(kafka, topics.tickets)),
      maxRssMb,
      observations,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}
