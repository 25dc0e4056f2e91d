// What a benchmark run works against: its own databases on a Postgres server and its own
// topics on a broker, and the producer that fills those topics.
import { randomUUID } from "node:crypto";
import type { OutgoingRecord } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import type { Kafka } from "kafkajs";
import postgres from "postgres";
import { num, progress } from "./measure.ts";

/** The benchmark's databases on one server: created fresh, dropped at the end (unless `keep`). */
export function databaseServer(serverUrl: string, { keep }: { keep: boolean }) {
  const created = new Set<string>();
  const admin = async (statement: string) => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(statement);
    } finally {
      await sql.end();
    }
  };
  return {
    url(name: string): string {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    /** A new database, empty or cloned from `template`; returns its name. */
    async create(name: string, template?: string): Promise<string> {
      // Cloning needs the template to have no sessions; a pool closed a moment ago may
      // still be logging off on the server side.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin(`create database "${name}"${template ? ` template "${template}"` : ""}`);
          break;
        } catch (error) {
          if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
          await new Promise((done) => setTimeout(done, 250));
        }
      }
      created.add(name);
      return name;
    },
    async drop(name: string): Promise<void> {
      if (keep) return;
      await admin(`drop database if exists "${name}" with (force)`);
      created.delete(name);
    },
    async dropAll(): Promise<void> {
      for (const name of [...created].reverse()) await this.drop(name);
    },
  };
}

/**
 * Creates the topics, then wakes the broker's group coordinator (a fresh broker creates
 * its internal offsets topic on first use), so the first measured phase does not pay for it.
 */
export async function createTopics(kafka: Kafka, topics: string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
    // a fresh (or busy) broker may still be loading the offsets topic: retry until it answers
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.fetchOffsets({ groupId: `bench-warm-up-${randomUUID().slice(0, 8)}`, topics });
        break;
      } catch (error) {
        if (attempt >= 60) throw error;
        await new Promise((done) => setTimeout(done, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Deletes those of `topics` that exist. */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) });
  } finally {
    await admin.disconnect();
  }
}

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
