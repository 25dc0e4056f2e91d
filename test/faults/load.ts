// Seeded traffic with exactly known totals: the benchmark's realistic HRIS + helpdesk
// history (test/support/synthetic-load.ts) for the crash, rebalance and restart scenarios,
// and a streamed ticket backlog of any size that never sits in memory whole.
import { type CloudEvent, encodeCloudEvent, type OutgoingRecord, TICKET_EVENT_TYPES as T } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import type { Kafka, Message } from "kafkajs";
import { generateLoad, type SyntheticLoad } from "../support/synthetic-load.ts";
import { sleep } from "../support/wait.ts";

/** The Monday the synthetic history ends on: in the past, so no date is "in the future". */
export const HISTORY_END = "2026-11-02";

/** A realistic history of `organisations` over `weeks` (~1,200 events per organisation over 26 weeks). */
export function historyLoad(seed: number, organisations: number, weeks: number): SyntheticLoad {
  return generateLoad({ organisations, weeks, seed, ticketsPerEmployeeWeek: 0.02, end: HISTORY_END });
}

/** What a producer run did. */
export interface Produced {
  records: number;
  /** Sends that failed (broker down) and were retried. */
  retriedSends: number;
}

/** How to send. */
export interface SendOptions {
  batchSize?: number;
  /** Records per second; unlimited when absent (a backlog). */
  ratePerSecond?: number;
  /** Give up when a send keeps failing for this long. */
  retryForMs?: number;
}

/**
 * Sends records in order, in batches (at most `batchSize` records or ~512 kB), optionally at a steady rate (a live feed), retrying a
 * failed batch until the broker takes it: a producer that outlives a broker restart. A
 * retried batch may land twice; the events' ids make that harmless, and the checks count
 * events, not records.
 */
export async function sendRecords(
  kafka: Kafka,
  topic: string,
  records: Iterable<Message>,
  options: SendOptions = {},
): Promise<Produced> {
  const batchSize = options.batchSize ?? 1000;
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  const produced: Produced = { records: 0, retriedSends: 0 };
  try {
    let batch: Message[] = [];
    let bytes = 0;
    const flush = async () => {
      const failingSince = Date.now();
      for (;;) {
        try {
          await producer.send({ topic, acks: -1, messages: batch });
          break;
        } catch (error) {
          produced.retriedSends++;
          if (Date.now() - failingSince > (options.retryForMs ?? 120_000)) throw error;
          await sleep(500);
        }
      }
      produced.records += batch.length;
      batch = [];
      bytes = 0;
      if (options.ratePerSecond) {
        const due = started + (produced.records / options.ratePerSecond) * 1000;
        if (due > performance.now()) await sleep(due - performance.now());
      }
    };
    for (const record of records) {
      // a big record goes alone: the broker refuses a record batch over 1 MB
      const size = Buffer.byteLength(record.value ?? "");
      if (batch.length > 0 && bytes + size > 512 * 1024) await flush();
      batch.push(record);
      bytes += size;
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    await producer.disconnect();
  }
  return produced;
}

/** What a ticket backlog adds up to. */
export interface BacklogTotals {
  records: number;
  opened: number;
  resolved: number;
  handlingMinutes: number;
}

/**
 * `records` ticket events (an opening, then its resolution with 1–60 minutes of handling)
 * spread over `organisations` and 26 weeks, generated lazily: a million of them never
 * sit in memory at once. The totals are computed without generating.
 */
export function ticketBacklog(
  seed: number,
  records: number,
  organisations = 200,
): { records: () => Iterable<OutgoingRecord>; totals: BacklogTotals } {
  const tickets = Math.floor(records / 2);
  const minutesOf = (i: number) => 1 + ((i * 7919 + seed) % 60);
  let handlingMinutes = 0;
  for (let i = 0; i < tickets; i++) handlingMinutes += minutesOf(i);
  const start = Date.parse(`${HISTORY_END}T00:00:00Z`) - 26 * 7 * 86_400_000;
  const spacing = Math.max(1, Math.floor((26 * 7 * 86_400_000 - 86_400_000) / tickets));
  function* generate(): Iterable<OutgoingRecord> {
    for (let i = 0; i < tickets; i++) {
      const organisationId = `backlog-${seed}-${i % organisations}`;
      const openedAt = new Date(start + i * spacing).toISOString();
      const resolvedAt = new Date(start + i * spacing + 3_600_000).toISOString();
      const base = { organisationId, ticketId: `t${i}`, category: "payroll-question" };
      yield record(`${seed}-${i}-o`, T.ticketOpened, openedAt, { ...base, openedAt });
      yield record(`${seed}-${i}-r`, T.ticketResolved, resolvedAt, {
        ...base,
        resolvedAt,
        handlingMinutes: minutesOf(i),
      });
    }
  }
  return { records: generate, totals: { records: tickets * 2, opened: tickets, resolved: tickets, handlingMinutes } };
}

function record(
  id: string,
  type: string,
  time: string,
  data: Record<string, unknown> & { organisationId: string },
): OutgoingRecord {
  const event: CloudEvent = { specversion: "1.0", id, source: "urn:hr-radar-faults:helpdesk", type, time, data };
  return encodeCloudEvent(event, data.organisationId);
}
