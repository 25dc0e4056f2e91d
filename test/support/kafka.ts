import { type CloudEvent, type ContentMode, encodeCloudEvent } from "@hr-radar/events";
import { createProducer } from "@hr-radar/service-kit";
import type { Kafka, KafkaMessage, Message, Producer } from "kafkajs";
import { inject, onTestFinished } from "vitest";
import { createTopics, quietKafka, readRecords, suffix, topicRecords } from "./kafka-admin.ts";

export { suffix } from "./kafka-admin.ts";

/** A kafkajs client for the test broker (quiet: failures surface as test errors). */
export function testKafka(): Kafka {
  return quietKafka(inject("kafkaBrokers"), "hr-radar-test");
}

/** Creates a topic of the test's own (and its DLQ is left to the service to create). */
export async function createTopic(kafka: Kafka, prefix: string, partitions = 3): Promise<string> {
  const topic = `${prefix}.${suffix()}`;
  await createTopics(kafka, [topic], partitions);
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
export function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<KafkaMessage[]> {
  return readRecords(kafka, topic, { count, timeoutMs });
}

/** How many records a topic holds in all (a test's topics are new, so: records written). */
export const topicSize = topicRecords;
