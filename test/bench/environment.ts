// The producer that fills a benchmark run's own topics (its databases and topics come from
// test/support: postgres-admin.ts and kafka-admin.ts).
import type { OutgoingRecord } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import type { Kafka } from "kafkajs";
import { num, progress } from "./measure.ts";

/** How long producing took, and how much. */
export interface Produced {
  seconds: number;
  bytes: number;
  records: number;
}

/** Sends each topic in large sequential batches, so every partition keeps event-time order. */
export async function produceLoad(
  kafka: Kafka,
  topics: [string, OutgoingRecord[]][],
  batchSize: number,
  signal: AbortSignal,
): Promise<Produced> {
  const producer = createProducer(kafka);
  await producer.connect();
  const started = performance.now();
  let bytes = 0;
  let records = 0;
  try {
    for (const [topic, batch] of topics) {
      let reported = performance.now();
      for (let i = 0; i < batch.length; i += batchSize) {
        if (signal.aborted) throw new Error("interrupted");
        const messages = batch.slice(i, i + batchSize);
        await producer.send({ topic, acks: -1, messages });
        for (const m of messages) bytes += m.value.length + m.key.length;
        records += messages.length;
        if (performance.now() - reported > 3_000 || i + batchSize >= batch.length) {
          progress(`producing ${topic}: ${num(Math.min(i + batchSize, batch.length))} / ${num(batch.length)} records`);
          reported = performance.now();
        }
      }
    }
  } finally {
    await producer.disconnect();
  }
  return { seconds: (performance.now() - started) / 1000, bytes, records };
}
