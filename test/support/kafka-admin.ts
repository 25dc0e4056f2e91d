// The broker side of every harness (integration tests, fault suite, benchmark): a quiet
// client, topics of a run's own (created, counted, read back, deleted) and the random
// suffix that keeps runs apart. Nothing here depends on vitest.
import { randomUUID } from "node:crypto";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";

/** A short random suffix for a run's own topics, consumer groups and databases. */
export const suffix = (): string => randomUUID().slice(0, 8);

/** A kafkajs client that logs nothing: failures surface as errors of the caller. */
export function quietKafka(brokers: string, clientIdPrefix: string, options: { retries?: number } = {}): Kafka {
  return new Kafka({
    clientId: `${clientIdPrefix}-${suffix()}`,
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
  });
}

/**
 * Creates topics and waits for their leaders. `warmUpCoordinator` then waits until the
 * group coordinator answers (a fresh broker creates its offsets topic on first use), so a
 * measured phase does not pay for that.
 */
export async function createTopics(
  kafka: Kafka,
  topics: string[],
  partitions: number,
  options: { warmUpCoordinator?: boolean } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
    // a fresh (or busy) broker may still be loading the offsets topic: retry until it answers
    for (let attempt = 1; options.warmUpCoordinator; attempt++) {
      try {
        await admin.fetchOffsets({ groupId: `warm-up-${suffix()}`, topics });
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
export async function deleteTopics(kafka: Kafka, topics: string[], timeoutMs?: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({
      topics: topics.filter((t) => existing.has(t)),
      ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Each partition's high watermark: the offset the next record will get. */
async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Records written to a topic: the sum of its partitions' high watermarks. The topics here
 * are a run's own and never truncated, so it is also what they hold and what a consumer
 * group has applied once it is done.
 */
export async function topicRecords(kafka: Kafka, topic: string): Promise<number> {
  return [...(await highWatermarks(kafka, topic)).values()].reduce((sum, high) => sum + Number(high), 0);
}

/**
 * Reads a topic from the beginning: `count` records (which may still be on their way, e.g.
 * to a DLQ), or without `count` every record up to the current high watermarks. Fails
 * after `timeoutMs`.
 */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<KafkaMessage[]> {
  const { count, timeoutMs = count === undefined ? 120_000 : 30_000 } = options;
  const high = count === undefined ? await highWatermarks(kafka, topic) : new Map<number, bigint>();
  const remaining = new Set([...high].filter(([, h]) => h > 0n).map(([p]) => p));
  const received: KafkaMessage[] = [];
  if (count === undefined ? remaining.size === 0 : count <= 0) return received;
  const consumer = kafka.consumer({ groupId: `reader-${suffix()}`, maxBytesPerPartition: 8 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => {
        const unfinished = count === undefined ? `, partitions ${[...remaining].join(",")} unfinished` : ` of ${count}`;
        fail(new Error(`${topic}: read ${received.length} records${unfinished}`));
      }, timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push(message);
          if (BigInt(message.offset) + 1n >= (high.get(partition) ?? 0n)) remaining.delete(partition);
          if (count === undefined ? remaining.size === 0 : received.length >= count) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}
