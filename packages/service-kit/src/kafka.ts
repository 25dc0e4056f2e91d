import { Kafka, type LogEntry, logLevel, Partitioners, type Producer } from "kafkajs";
import type { Logger } from "pino";

/** The longest wait between two attempts to reach the broker (see {@link createKafka}). */
export const KAFKA_MAX_RETRY_MS = 3_000;

/** How a service reaches Kafka. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/**
 * A kafkajs client whose own logs go through the service's pino logger (as JSON, with the
 * service name), instead of kafkajs' console output.
 */
export function createKafka({ brokers, clientId, logger }: KafkaSettings): Kafka {
  const kafkaLog = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    // kafkajs caps the wait between retries at 30 s by default, so a client whose broker came
    // back could sit idle that long before its next connect; a consumer that exhausts its
    // retries restarts after the last wait too. The Java client caps reconnect backoff at
    // 1 s; 3 s keeps an outage's logs readable and still brings a service back within
    // seconds. Ten retries span about 22 s before a consumer restarts (and retries again).
    retry: { initialRetryTime: 300, maxRetryTime: KAFKA_MAX_RETRY_MS, retries: 10 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        kafkaLog[kafkaLogLevel(level, extra)](extra, message);
      },
  });
}

/**
 * Broker answers that mean "the group's coordinator is still being chosen or loaded": a
 * normal state for a few seconds after a broker or group starts, which kafkajs retries on
 * its own. If it never resolves, the consumer's crash is logged at error level anyway.
 */
const TRANSIENT_COORDINATOR_ERRORS = [
  "The group coordinator is not available",
  "The coordinator is loading and hence can't process requests for this group",
  "This is not the correct coordinator for this group",
];

/**
 * The pino level for one kafkajs log entry: kafkajs' own level, except a retriable
 * coordinator answer (every normal start has one), which is not an error an operator
 * should page on and goes to debug.
 */
export function kafkaLogLevel(level: logLevel, extra: Record<string, unknown>): "error" | "warn" | "info" | "debug" {
  if (typeof extra.error === "string" && TRANSIENT_COORDINATOR_ERRORS.includes(extra.error)) return "debug";
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return "error";
  if (level === logLevel.WARN) return "warn";
  if (level === logLevel.INFO) return "info";
  return "debug";
}

/**
 * Creates `topic` unless it exists. Checking first keeps kafkajs from logging the broker's
 * TOPIC_ALREADY_EXISTS answer as an error; if another process wins the race, the create
 * simply returns false.
 */
export async function ensureTopic(kafka: Kafka, topic: string, numPartitions?: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({
      topics: [{ topic, ...(numPartitions === undefined ? {} : { numPartitions }) }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * A producer with the Java client's partitioner (murmur2 on the key), so a keyed record
 * lands on the same partition whichever client wrote it. Not idempotent: everything this
 * project produces carries its own id (CloudEvent id, DLQ source offset), and kafkajs'
 * idempotent mode would need unbounded retries that could stall a send forever.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
}
