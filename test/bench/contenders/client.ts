// Ceiling A, the client: the same topic consumed with a handler that does nothing, so the
// time is the client's alone (fetch, decode of the wire format, group protocol). kafkajs
// runs with the ingest runner's exact consumer settings; @platformatic/kafka with the
// closest equivalents.
import { decodeRecord, type EventFamily } from "@hr-radar/events";
import { INGEST_DEFAULTS, ingestConsumerConfig } from "@hr-radar/ingest-runner";
import { createKafka } from "@hr-radar/service-kit";
import type { KafkaMessage } from "kafkajs";
import pino from "pino";
import type { ContenderResult } from "../child.ts";
import { waitWithProgress } from "../measure.ts";

export interface ClientSpec {
  label: string;
  brokers: string[];
  topic: string;
  groupId: string;
  records: number;
  concurrency: number;
  maxWaitTimeMs: number;
}

/** Ceiling C: what validation alone costs. The contract's decoder run on every record, nothing written. */
export interface ValidateSpec extends ClientSpec {
  family: EventFamily;
  /** The decoder's clock (ISO), so the seeded history is never in the future. */
  now: string;
}

/** kafkajs plus the ingest's validation of every record (the contract's decoder), no writes, no commits. */
export async function runKafkajsValidate(
  spec: ValidateSpec,
  signal: AbortSignal,
): Promise<Omit<ContenderResult, "maxRssMb">> {
  const options = { family: spec.family, now: new Date(spec.now), maxBytes: INGEST_DEFAULTS.maxRecordBytes };
  let rejected = 0;
  const result = await runKafkajsEmpty(spec, signal, (messages) => {
    for (const message of messages) if (!decodeRecord(message, options).success) rejected++;
  });
  return { ...result, details: { ...result.details, rejected } };
}

/** kafkajs, eachBatch with an empty body (or only `work`), no commits. */
export async function runKafkajsEmpty(
  spec: ClientSpec,
  signal: AbortSignal,
  work: (messages: KafkaMessage[]) => void = () => {},
): Promise<Omit<ContenderResult, "maxRssMb">> {
  const started = performance.now();
  const kafka = createKafka({
    brokers: spec.brokers,
    clientId: `bench-${spec.groupId}`,
    logger: pino({ level: "warn" }, process.stderr),
  });
  const consumer = kafka.consumer(ingestConsumerConfig(spec.groupId, { maxWaitTimeMs: spec.maxWaitTimeMs }));
  let count = 0;
  let batches = 0;
  let joinedAt: number | undefined;
  let doneAt = Number.NaN;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt ??= performance.now()));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [spec.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: spec.concurrency,
      eachBatch: async ({ batch }) => {
        batches++;
        work(batch.messages);
        count += batch.messages.length;
        if (count >= spec.records && Number.isNaN(doneAt)) doneAt = performance.now();
      },
    });
    await waitWithProgress(spec.label, () => count, spec.records, signal);
  } finally {
    await consumer.disconnect();
  }
  const from = joinedAt ?? started;
  return {
    label: spec.label,
    records: count,
    seconds: (doneAt - from) / 1000,
    totalSeconds: (doneAt - started) / 1000,
    details: { joinSeconds: (from - started) / 1000, batches, recordsPerBatch: count / Math.max(1, batches) },
  };
}

/** @platformatic/kafka, a stream from the earliest offset, no commits, nothing done per message. */
export async function runPlatformaticEmpty(
  spec: ClientSpec,
  signal: AbortSignal,
): Promise<Omit<ContenderResult, "maxRssMb">> {
  const { Consumer } = await import("@platformatic/kafka");
  const started = performance.now();
  const consumer = new Consumer({
    groupId: spec.groupId,
    clientId: `bench-${spec.groupId}`,
    bootstrapBrokers: spec.brokers,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTime: spec.maxWaitTimeMs,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
  });
  let count = 0;
  let doneAt = Number.NaN;
  let joinedAt = Number.NaN;
  try {
    const stream = await consumer.consume({ topics: [spec.topic], mode: "earliest", autocommit: false });
    joinedAt = performance.now();
    stream.on("data", () => {
      count++;
      if (count === spec.records) doneAt = performance.now();
    });
    stream.on("error", (error: unknown) => process.stderr.write(`${spec.label}: stream error ${String(error)}\n`));
    await waitWithProgress(spec.label, () => count, spec.records, signal);
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return {
    label: spec.label,
    records: count,
    seconds: (doneAt - joinedAt) / 1000,
    totalSeconds: (doneAt - started) / 1000,
    details: { joinSeconds: (joinedAt - started) / 1000 },
  };
}
