// Scenario 5: ingest-tickets starts against a topic with a large backlog already waiting
// (1,000,000 events in the long run). Its resident memory must stay under the stated bound
// while it catches up (the fetch size and chunking bound what it holds, not the backlog),
// and every total must be exact at the end.
import { INGEST_DEFAULTS } from "@hr-radar/ingest-runner";
import { suffix, topicRecords } from "../../support/kafka-admin.ts";
import { Cleanups, type FaultInfra, scenarioResources, waitUntilTopicApplied } from "../../support/own-infra.ts";
import { spawnServiceProcess } from "../../support/service-process.ts";
import { deadLetterCount, INGEST, ingestEnv } from "../ingest.ts";
import { sendRecords, ticketBacklog } from "../load.ts";
import { type Check, check, type ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface BacklogSize {
  records: number;
  seed: number;
  rssBoundMb: number;
}

export async function backlog(infra: FaultInfra, size: BacklogSize): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const {
      db,
      kafka,
      topics: { tickets: topic },
    } = await scenarioResources(infra, cleanups, { tickets: "faults.backlog.tickets" }, 6);
    const load = ticketBacklog(size.seed, size.records);
    const producing = performance.now();
    await sendRecords(kafka, topic, load.records(), { batchSize: 5_000 });
    const producedIn = (performance.now() - producing) / 1000;

    // the service's defaults (INGEST_DEFAULTS): records per transaction, partitions at once
    const service = spawnServiceProcess(
      INGEST.tickets.service,
      ingestEnv(infra, db, "tickets", topic, `faults-backlog-${suffix()}`),
    );
    cleanups.add(async () => {
      service.signal("SIGKILL");
      await service.exited;
    });
    const consuming = performance.now();
    // resident memory at each tenth of the way: a bound holds if it levels off, not just peaks
    const timeline: string[] = [];
    let nextTenth = 1;
    await waitUntilTopicApplied(kafka, db, topic, 120_000, (applied, total) => {
      if (applied >= (nextTenth * total) / 10) {
        timeline.push(`${nextTenth * 10}%: ${service.rssMb()} MB`);
        while (applied >= (nextTenth * total) / 10) nextTenth++;
      }
    });
    const caughtUpIn = (performance.now() - consuming) / 1000;
    const maxRssMb = service.peakRssMb();
    service.signal("SIGTERM");
    const exit = await service.exited;

    const checks: Check[] = [];
    const offsets = await topicRecords(kafka, topic);
    check(checks, "stored offsets", load.totals.records, offsets);
    const [ledger] = await db.sql`select count(*)::int as n from ingested_events where topic = ${topic}`;
    check(checks, "ingested_events rows", load.totals.records, ledger?.n);
    const [facts] = await db.sql`select count(*)::int as n from tickets`;
    check(checks, "tickets rows", load.totals.opened, facts?.n);
    const [sums] = await db.sql`
      select sum(tickets_opened)::int as opened, sum(tickets_resolved)::int as resolved, sum(handling_minutes)::float8 as minutes
      from function_load_weekly`;
    check(checks, "sum(function_load_weekly.tickets_opened)", load.totals.opened, sums?.opened);
    check(checks, "sum(function_load_weekly.tickets_resolved)", load.totals.resolved, sums?.resolved);
    check(checks, "sum(function_load_weekly.handling_minutes)", load.totals.handlingMinutes, sums?.minutes);
    check(checks, `peak RSS over ${size.rssBoundMb} MB`, 0, maxRssMb > size.rssBoundMb ? 1 : 0);
    return {
      scenario: "5. backlog",
      events: load.totals.records,
      records: offsets,
      faults: { [`${load.totals.records.toLocaleString("en-US")} events waiting at start`]: 1 },
      checks,
      deadLetters: await deadLetterCount(kafka, topic),
      maxRssMb,
      observations: [
        `produced in ${producedIn.toFixed(0)} s; caught up in ${caughtUpIn.toFixed(0)} s (${Math.round(load.totals.records / caughtUpIn).toLocaleString("en-US")} events/s) with the defaults (${INGEST_DEFAULTS.chunkSize} per transaction, ${INGEST_DEFAULTS.concurrency} partitions at once; trends current included)`,
        `peak RSS ${maxRssMb} MB, bound ${size.rssBoundMb} MB; exit on SIGTERM: ${exit}`,
        `RSS as it caught up: ${timeline.join(", ")}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}
