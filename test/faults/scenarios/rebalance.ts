// Scenario 2: ingest-tickets scaled out to two, then three instances in one consumer
// group on a six-partition topic while a live feed streams in at a steady rate; then one
// instance leaves cleanly (SIGTERM) and one dies (SIGKILL). Totals must be exact, and the
// rebalance pause of each membership change is measured from the services' own logs:
// the longest time no instance applied a batch after the change.

import { suffix, topicRecords } from "../../support/kafka-admin.ts";
import { checkTickets } from "../../support/load-checks.ts";
import { Cleanups, type FaultInfra, scenarioResources, waitUntilTopicApplied } from "../../support/own-infra.ts";
import { type LogLine, type ServiceProcess, spawnServiceProcess } from "../../support/service-process.ts";
import { sleep } from "../../support/wait.ts";
import { deadLetterCount, INGEST, ingestEnv } from "../ingest.ts";
import { historyLoad, sendRecords } from "../load.ts";
import type { ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface RebalanceSize {
  organisations: number;
  weeks: number;
  /** Events per second of the live feed. */
  rate: number;
  seed: number;
}

/** A membership change and when it happened. */
interface Change {
  what: string;
  at: number;
}

export async function scaleOutAndRebalance(infra: FaultInfra, size: RebalanceSize): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const {
      db,
      kafka,
      topics: { tickets: topic },
    } = await scenarioResources(infra, cleanups, { tickets: "faults.rebalance.tickets" }, 6);
    const tickets = historyLoad(size.seed, size.organisations, size.weeks).tickets;
    const env = ingestEnv(infra, db, "tickets", topic, `faults-rebalance-${suffix()}`, { INGEST_CHUNK_SIZE: "200" });
    const members: ServiceProcess[] = [];
    const changes: Change[] = [];
    const join = async (what: string) => {
      changes.push({ what, at: Date.now() });
      const member = spawnServiceProcess(INGEST.tickets.service, {
        ...env,
        KAFKA_CLIENT_ID: `faults-member-${members.length + 1}`,
      });
      members.push(member);
      cleanups.add(async () => {
        member.signal("SIGKILL");
        await member.exited;
      });
      await member.waitForLog((l) => l.msg === "partitions assigned");
    };
    const leave = async (member: ServiceProcess, signal: NodeJS.Signals, what: string) => {
      changes.push({ what, at: Date.now() });
      member.signal(signal);
      return member.exited;
    };

    await join("instance 1 starts");
    const feedSeconds = tickets.records.length / size.rate;
    const feed = sendRecords(kafka, topic, tickets.records, {
      batchSize: Math.max(50, Math.round(size.rate / 10)),
      ratePerSecond: size.rate,
    });
    // the membership changes happen at fixed points of the feed, the SIGKILL early enough
    // that the survivors still have records to apply when the dead member's session lapses
    const feedStarted = Date.now();
    const atFraction = (fraction: number) =>
      sleep(Math.max(0, feedStarted + fraction * feedSeconds * 1000 - Date.now()));
    await atFraction(0.15);
    await join("instance 2 joins");
    await atFraction(0.3);
    await join("instance 3 joins");
    await atFraction(0.45);
    const clean = await leave(members[0]!, "SIGTERM", "instance 1 leaves (SIGTERM)");
    await atFraction(0.6);
    const killed = await leave(members[1]!, "SIGKILL", "instance 2 dies (SIGKILL)");
    const produced = await feed;
    await waitUntilTopicApplied(kafka, db, topic);
    const maxRssMb = Math.max(...members.map((m) => m.peakRssMb()));
    for (const m of members) m.signal("SIGTERM");
    await Promise.all(members.map((m) => m.exited));

    const offsets = await topicRecords(kafka, topic);
    const checks = await checkTickets(db.url, { label: "tickets", topic, totals: tickets.totals, offsets });
    const applied = members
      .flatMap((m) => m.logs)
      .filter((l) => l.msg === "batch applied")
      .map((l) => ({ partition: Number(l.partition), at: Date.parse(String(l.time)) }));
    const feedEnded = feedStarted + feedSeconds * 1000;
    const pauses = changes.slice(1).map((c) => {
      const window = Math.min(20_000, feedEnded - c.at);
      const gap =
        window <= 0 ? "n/a (the feed had ended)" : `${(longestGap(applied, c.at, window) / 1000).toFixed(1)} s`;
      return `${c.what} at ${((c.at - feedStarted) / 1000).toFixed(1)} s: longest pause of a partition ${gap}`;
    });
    return {
      scenario: "2. scale out and rebalance",
      events: tickets.totals.records,
      records: offsets,
      faults: { "instance joins": 2, "clean leave (SIGTERM)": 1, SIGKILL: 1 },
      checks,
      deadLetters: await deadLetterCount(kafka, topic),
      maxRssMb,
      observations: [
        `live feed: ${produced.records} records at ${size.rate}/s over ${feedSeconds.toFixed(0)} s, 6 partitions`,
        ...pauses,
        `instance 1 exit on SIGTERM: ${clean}; instance 2: ${killed}`,
        `partition assignments logged: ${members.flatMap((m) => m.logs).filter((l: LogLine) => l.msg === "partitions assigned").length}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}

/**
 * The rebalance pause after a change: the longest stretch in [from, from + windowMs] in
 * which some partition had no batch applied, in ms (the whole window for a partition
 * that never resumed within it). Partitions fed at a steady rate apply a batch every few
 * hundred ms, so a longer gap is the time the partition spent unowned or revoked.
 */
export function longestGap(
  applied: readonly { partition: number; at: number }[],
  from: number,
  windowMs: number,
): number {
  const partitions = new Set(applied.map((a) => a.partition));
  let longest = 0;
  for (const partition of partitions) {
    const times = applied
      .filter((a) => a.partition === partition && a.at > from && a.at <= from + windowMs)
      .map((a) => a.at)
      .sort((a, b) => a - b);
    let previous = from;
    for (const t of times) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    if (times.length === 0) longest = windowMs;
  }
  return longest;
}
