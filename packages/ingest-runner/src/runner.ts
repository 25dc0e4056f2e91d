import type { DatabaseClient } from "@hr-radar/db";
import { deadLetterTopic, type EventFamily } from "@hr-radar/events";
import { createProducer, ensureTopic, type Logger } from "@hr-radar/service-kit";
import type { Admin, Consumer, ConsumerConfig, EachBatchPayload, Kafka, Producer } from "kafkajs";
import { applyChunk, type ChunkResult, type IngestHandler } from "./chunk.ts";
import { readOffsets } from "./ledger.ts";

/** Test-only fault injection: die the hard way right after a batch commits in Postgres. */
export type Failpoint = "crash-after-db-commit";

/** Everything an ingest service configures. */
export interface IngestRunnerOptions {
  kafka: Kafka;
  database: DatabaseClient;
  logger: Logger;
  topic: string;
  groupId: string;
  family: EventFamily;
  handler: IngestHandler;
  /** Largest record accepted, in bytes; larger ones are dead-lettered as oversized. */
  maxRecordBytes: number;
  /** Records per transaction; a fetched batch is applied in chunks of this size. */
  maxChunkSize: number;
  /** Partitions processed at once (each takes one database connection). */
  concurrency: number;
  /**
   * How long a fetch waits on the broker for new records. Also bounds how long a stop
   * waits for the fetch in flight. Defaults to 5 s (kafkajs' default).
   */
  maxWaitTimeMs?: number;
  /** Consumer session timeout (kafkajs default 30 s). */
  sessionTimeoutMs?: number;
  /** The clock used to reject dates in the future; injectable for tests. */
  clock?: () => Date;
  failpoint?: Failpoint;
}

/** A running ingest consumer. */
export interface IngestRunner {
  start(): Promise<void>;
  /** Finishes the batch in flight (never half-writes one), then disconnects. */
  stop(): Promise<void>;
}

/**
 * Consumes one topic into Postgres with an exactly-once effect. The design, in short:
 * Postgres holds the truth about what was applied (consumed offsets and event ids are
 * committed in the same transaction as the facts and trends); on assignment the consumer
 * seeks to those offsets; Kafka's own committed offsets are written afterwards, for lag
 * monitoring only. A crash anywhere therefore replays at most the uncommitted chunk, which
 * the offset fence and the event ledger turn into a no-op.
 */
export function createIngestRunner(options: IngestRunnerOptions): IngestRunner {
  const { kafka, database, logger, topic, groupId } = options;
  const clock = options.clock ?? (() => new Date());
  const dlqTopic = deadLetterTopic(topic);
  const consumer: Consumer = kafka.consumer(ingestConsumerConfig(groupId, options));
  const producer: Producer = createProducer(kafka);
  const log = logger.child({ topic, groupId });

  const chunkDeps = {
    db: database.db,
    handler: options.handler,
    decodeOptions: () => ({ family: options.family, now: clock(), maxBytes: options.maxRecordBytes }),
    sendDeadLetters: async (messages: Parameters<Producer["send"]>[0]["messages"]) => {
      await producer.send({ topic: dlqTopic, acks: -1, messages });
    },
  };

  async function seekToStoredOffsets(assignment: Record<string, number[]>): Promise<void> {
    const partitions = assignment[topic] ?? [];
    const stored = await readOffsets(database.db, groupId, topic, partitions);
    for (const [partition, offset] of stored) consumer.seek({ topic, partition, offset: offset.toString() });
    log.info({ partitions, seekedTo: Object.fromEntries([...stored].map(([p, o]) => [p, o.toString()])) }, "partitions assigned");
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const ref = { consumerGroup: groupId, topic: batch.topic, partition: batch.partition };
    for (let start = 0; start < batch.messages.length; start += options.maxChunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + options.maxChunkSize);
      const started = performance.now();
      const result = await applyChunk(chunkDeps, ref, chunk);
      if (options.failpoint === "crash-after-db-commit" && result.stored > 0) {
        log.warn("failpoint crash-after-db-commit: killing the process before the Kafka commit");
        process.kill(process.pid, "SIGKILL");
      }
      const last = chunk.at(-1)!.offset;
      resolveOffset(last);
      await commitToKafka(batch.partition, last);
      logChunk(ref.partition, chunk[0]!.offset, last, result, performance.now() - started);
      await heartbeat();
    }
  }

  // Kafka's committed offset only feeds lag monitoring and the next start's fetch position;
  // Postgres already holds the truth, so a failed commit is logged, not fatal.
  async function commitToKafka(partition: number, lastOffset: string): Promise<void> {
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(lastOffset) + 1n).toString() }]);
    } catch (error) {
      log.warn({ err: error, partition }, "Kafka offset commit failed; Postgres offsets remain authoritative");
    }
  }

  function logChunk(partition: number, firstOffset: string, lastOffset: string, result: ChunkResult, ms: number): void {
    log.info({ partition, firstOffset, lastOffset, ...result, ms: Math.round(ms) }, "batch applied");
  }

  return {
    async start() {
      await ensureDeadLetterTopic(kafka, topic, dlqTopic);
      await producer.connect();
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        seekToStoredOffsets(payload.memberAssignment).catch((error: unknown) =>
          log.warn({ err: error }, "could not read stored offsets; the offset fence still applies"),
        );
      });
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.concurrency,
        eachBatch,
      });
      log.info({ dlqTopic }, "consuming");
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}

/**
 * The kafkajs consumer settings of an ingest runner (exported so the benchmark's client
 * ceiling consumes with exactly the same fetch settings).
 */
export function ingestConsumerConfig(
  groupId: string,
  options: Pick<IngestRunnerOptions, "maxWaitTimeMs" | "sessionTimeoutMs">,
): ConsumerConfig {
  return {
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 5_000,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
  };
}

/**
 * The DLQ gets as many partitions as its source topic, so a record keeps its key-based
 * partition (one organisation's rejects stay together and in order).
 */
async function ensureDeadLetterTopic(kafka: Kafka, topic: string, dlqTopic: string): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  let partitions: number;
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      throw new Error(`topic ${topic} does not exist: create it (see README, "Topics") or set the topic variable`);
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    partitions = metadata.topics[0]?.partitions.length ?? 1;
  } finally {
    await admin.disconnect();
  }
  await ensureTopic(kafka, dlqTopic, partitions);
}
