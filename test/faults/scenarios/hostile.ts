// Scenario 4: a seeded corpus of hostile records mixed into a valid history on both
// topics. Every bad record must be in `<topic>.dlq` with the reason the contract gives
// it; every valid one must be counted (exact totals); the services' memory must stay
// under a bound; and nothing they log may contain an employee id in clear.
import { DEAD_LETTER_HEADERS } from "@hr-radar/ingest-runner";
import type { Message } from "kafkajs";
import { readRecords, topicRecords } from "../../support/kafka-admin.ts";
import { checkHeadcount, checkTickets } from "../../support/load-checks.ts";
import { Cleanups, type FaultInfra, scenarioResources, waitUntilTopicApplied } from "../../support/own-infra.ts";
import { type Random, seededRandom } from "../../support/random.ts";
import { ingestReady, supervise } from "../../support/supervisor.ts";
import {
  CLEAR_EMPLOYEE_ID_PREFIX,
  type CorpusRecord,
  type ExpectedReason,
  HEADCOUNT_HOSTILITIES,
  lookalikeTicket,
  TICKET_HOSTILITIES,
} from "../hostile-corpus.ts";
import { INGEST, ingestEnv } from "../ingest.ts";
import { historyLoad, sendRecords } from "../load.ts";
import { type Check, check, type ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface HostileSize {
  organisations: number;
  weeks: number;
  /** Hostile records in all (both topics). */
  badRecords: number;
  seed: number;
  /** The resident-memory bound each service must stay under, MiB. */
  rssBoundMb: number;
}

/** A topic's records in delivery order and what each must become. */
interface MixedTopic {
  records: Message[];
  expected: Map<ExpectedReason, number>;
  kinds: Map<string, number>;
  lookalikes: number;
  repeats: number;
}

export async function hostileInput(infra: FaultInfra, size: HostileSize): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const random = seededRandom(size.seed);
    const { db, kafka, topics, run } = await scenarioResources(
      infra,
      cleanups,
      { headcount: "faults.hostile.hris", tickets: "faults.hostile.tickets" },
      3,
    );
    const load = historyLoad(size.seed, size.organisations, size.weeks);
    const mixed = {
      tickets: mix(random, load.tickets.records, TICKET_HOSTILITIES, Math.round(size.badRecords * 0.7), true),
      headcount: mix(
        random,
        load.headcount.records,
        HEADCOUNT_HOSTILITIES,
        size.badRecords - Math.round(size.badRecords * 0.7),
        false,
      ),
    };

    const services = (["headcount", "tickets"] as const).map((family) => {
      const service = supervise({
        name: INGEST[family].service,
        readyWhen: ingestReady,
        // debug: the most a service ever logs, scanned below for employee ids
        env: () =>
          ingestEnv(infra, db, family, topics[family], `faults-hostile-${family}-${run}`, { LOG_LEVEL: "debug" }),
      });
      cleanups.add(() => service.stop());
      return { family, service };
    });
    await Promise.all(
      (["headcount", "tickets"] as const).map((family) =>
        sendRecords(kafka, topics[family], mixed[family].records, { batchSize: 500 }),
      ),
    );
    for (const family of ["headcount", "tickets"] as const) await waitUntilTopicApplied(kafka, db, topics[family]);
    const maxRssMb = Math.max(...services.map((s) => s.service.peakRssMb()));
    const output = services.map((s) => s.service.output()).join("");
    const restarts = services.reduce((n, s) => n + s.service.exits.length, 0);
    for (const s of services) await s.service.stop();

    const checks: Check[] = [];
    const offsets = {
      headcount: await topicRecords(kafka, topics.headcount),
      tickets: await topicRecords(kafka, topics.tickets),
    };
    const ticketTotals = {
      ...load.tickets.totals,
      opened: load.tickets.totals.opened + mixed.tickets.lookalikes,
      unresolved: load.tickets.totals.unresolved + mixed.tickets.lookalikes,
    };
    checks.push(
      ...(await checkHeadcount(db.url, {
        label: "headcount",
        topic: topics.headcount,
        totals: load.headcount.totals,
        offsets: offsets.headcount,
      })),
    );
    checks.push(
      ...(await checkTickets(db.url, {
        label: "tickets",
        topic: topics.tickets,
        totals: ticketTotals,
        offsets: offsets.tickets,
      })),
    );
    const [lookalikes] =
      await db.sql`select count(*)::int as n from ingested_events where source = 'urn:hr-radar-faults:hostile-helpdesk'`;
    check(checks, "tickets: valid look-alikes in the ledger", mixed.tickets.lookalikes, lookalikes?.n);

    let deadLetters = 0;
    const reasons = new Map<string, number>();
    for (const family of ["headcount", "tickets"] as const) {
      const dlq = await readRecords(kafka, `${topics[family]}.dlq`);
      deadLetters += dlq.length;
      const got = new Map<string, number>();
      for (const m of dlq) {
        const reason = m.headers?.[DEAD_LETTER_HEADERS.reason]?.toString() ?? "(no reason header)";
        got.set(reason, (got.get(reason) ?? 0) + 1);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      const expected = mixed[family].expected;
      check(
        checks,
        `${family}: dead letters`,
        [...expected.values()].reduce((a, b) => a + b, 0),
        dlq.length,
      );
      for (const reason of new Set([...expected.keys(), ...got.keys()])) {
        check(
          checks,
          `${family}: dead letters with reason ${reason}`,
          expected.get(reason as ExpectedReason) ?? 0,
          got.get(reason) ?? 0,
        );
      }
    }
    const leaks = clearEmployeeIds(output);
    check(checks, "log lines with an employee id in clear", 0, leaks.length);
    check(checks, `services whose peak RSS exceeded ${size.rssBoundMb} MB`, 0, maxRssMb > size.rssBoundMb ? 1 : 0);

    const kinds = [...mixed.tickets.kinds, ...mixed.headcount.kinds].map(([k, n]) => `${n} ${k}`).join(", ");
    return {
      scenario: "4. hostile input",
      events: load.headcount.totals.records + load.tickets.totals.records + mixed.tickets.lookalikes,
      records: offsets.headcount + offsets.tickets,
      faults: {
        "hostile records": size.badRecords,
        "valid look-alikes": mixed.tickets.lookalikes,
        "exact repeats": mixed.tickets.repeats + mixed.headcount.repeats,
      },
      checks,
      deadLetters,
      maxRssMb,
      observations: [
        `corpus: ${kinds}`,
        `dead letters by reason: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(", ")}`,
        `service restarts: ${restarts}; log bytes scanned for employee ids: ${output.length}${leaks.length > 0 ? `; leaked e.g. ${leaks[0]}` : ""}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}

/**
 * Mixes `bad` hostile records (made by `makers`, round robin) into the valid records at
 * random places, plus id reuses: ~4% exact repeats of a valid event (a producer retry:
 * counted once, not dead-lettered) and ~4% repeats with other content, placed after
 * their original (same key, so same partition). On the tickets topic, ~4% are valid
 * look-alikes that must be counted.
 */
function mix(
  random: Random,
  valid: readonly Message[],
  makers: Record<string, (random: Random, org: string, n: number) => CorpusRecord>,
  bad: number,
  withLookalikes: boolean,
): MixedTopic {
  const placed: { at: number; record: Message }[] = valid.map((record, i) => ({ at: i, record }));
  const expected = new Map<ExpectedReason, number>();
  const kinds = new Map<string, number>();
  const note = (entry: CorpusRecord) => {
    kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
    if (entry.expect !== "valid") expected.set(entry.expect, (expected.get(entry.expect) ?? 0) + 1);
  };
  const orgs = [...new Set(valid.map((m) => String(m.key)))];
  const names = Object.keys(makers);
  let lookalikes = 0;
  let repeats = 0;
  for (let n = 0; n < bad; n++) {
    const at = random.next() * valid.length;
    const roll = random.next();
    if (roll < 0.04) {
      const index = random.int(0, valid.length - 1);
      const conflicting = withOtherContent(valid[index]!);
      note({ record: conflicting, kind: "id reused with other content", expect: "duplicate_conflict" });
      placed.push({ at: index + 0.5 + random.next() * (valid.length - index), record: conflicting });
    } else {
      const entry = makers[names[n % names.length]!]!(random, random.pick(orgs), n);
      note(entry);
      placed.push({ at, record: entry.record });
    }
    if (random.chance(0.04)) {
      const index = random.int(0, valid.length - 1);
      placed.push({ at: index + 0.5 + random.next() * (valid.length - index), record: valid[index]! });
      repeats++;
    }
    if (withLookalikes && random.chance(0.04)) {
      const entry = lookalikeTicket(
        random,
        random.pick(orgs),
        n,
        Date.parse("2026-06-01T00:00:00Z") + random.int(0, 120) * 86_400_000,
      );
      kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
      placed.push({ at, record: entry.record });
      lookalikes++;
    }
  }
  placed.sort((a, b) => a.at - b.at);
  return { records: placed.map((p) => p.record), expected, kinds, lookalikes, repeats };
}

/** The same CloudEvent (source and id) with one contract field changed. */
function withOtherContent(record: Message): Message {
  const headers = { ...(record.headers as Record<string, string>) };
  const structured = /cloudevents\+json/.test(headers["content-type"] ?? "");
  const value = JSON.parse(String(record.value)) as Record<string, unknown>;
  const data = (structured ? value.data : value) as Record<string, unknown>;
  if (typeof data.category === "string") data.category = `${data.category}-changed`;
  else if (typeof data.department === "string") data.department = `${data.department} (moved)`;
  else if (typeof data.headcount === "number") data.headcount += 1;
  else data.name = `${String(data.name)} (renamed)`;
  return { key: record.key ?? null, value: JSON.stringify(value), headers };
}

/** Employee ids of the synthetic history (`org-0001-e17`) or of the corpus, found in text. */
function clearEmployeeIds(text: string): string[] {
  return text.match(new RegExp(`org-\\d{4}-e\\d+|${CLEAR_EMPLOYEE_ID_PREFIX}\\d+`, "g")) ?? [];
}
