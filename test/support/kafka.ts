import { randomUUID } from "node:crypto";
import { type CloudEvent, type ContentMode, encodeCloudEvent } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import { Kafka, type KafkaMessage, logLevel, type Message, type Producer } from "kafkajs";
import { inject, onTestFinished } from "vitest";

/** A short random suffix for the test's own topics and consumer groups. */
export const suffix = (): string => randomUUID().slice(0, 8);

/** A kafkajs client for the test broker (quiet: failures surface as test errors). */
export function testKafka(): Kafka {
  return new Kafka({
    clientId: `hr-radar-test-${suffix()}`,
    brokers: inject("kafkaBrokers").split(","),
    logLevel: logLevel.NOTHING,
  });
}

/** Creates a topic of the test's own (and its DLQ is left to the service to create). */
export async function createTopic(kafka: Kafka, prefix: string, partitions = 3): Promise<string> {
  const topic = `${prefix}.${suffix()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** A connected producer, disconnected when the test ends. */
export async function testProducer(kafka: Kafka): Promise<Producer> {
  const producer = createProducer(kafka);
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  return producer;
}

/** Sends CloudEvents keyed by their organisation, in the given content mode. */
export async function sendEvents(
  producer: Producer,
  topic: string,
  events: readonly CloudEvent<{ organisationId: string }>[],
  mode: ContentMode = "structured",
): Promise<void> {
  await sendRaw(
    producer,
    topic,
    events.map((e) => encodeCloudEvent(e, e.data.organisationId, mode)),
  );
}

/** Sends records as they are (for malformed input). */
export async function sendRaw(producer: Producer, topic: string, messages: Message[]): Promise<void> {
  await producer.send({ topic, acks: -1, messages });
}

/** Reads `count` records from the start of a topic (e.g. a DLQ), or fails after `timeoutMs`. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `test-reader-${suffix()}` });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`read ${received.length} of ${count} records from ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message);
          if (received.length >= count) {
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

/** How many records a topic holds in all (the sum of its partitions' high watermarks). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
