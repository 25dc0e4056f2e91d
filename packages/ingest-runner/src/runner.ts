import type { DatabaseClient } from "@hr-radar/db";
import { deadLetterTopic, type EventFamily } from "@hr-radar/events";
import { createProducer, ensureTopic, type Logger } from "@hr-radar/service-kit";
import type { Admin, Consumer, ConsumerConfig, EachBatchPayload, Kafka, Producer } from "kafkajs";
import { applyChunk, type ChunkDeps, type ChunkResult, type IngestHandler } from "./chunk.ts";
import { deadLetterSends } from "./dead-letter.ts";
import { readOffsets } from "./ledger.ts";
import type { IngestMetrics } from "./metrics.ts";
import { createApplyPipeline } from "./pipeline.ts";

/**
 * Test-only fault injection (`HR_RADAR_FAILPOINT`): the process SIGKILLs itself at one
 * place in the life of a chunk, so the fault suite can prove each place is safe.
 *
 * - `crash-mid-write`: the chunk's facts and stale-trend marks are written, the transaction is open;
 * - `crash-before-db-commit`: dead letters sent and offset advanced, just before the commit;
 * - `crash-after-db-commit`: committed in Postgres, before the Kafka offset commit.
 *
 * `afterChunks` (the `@N` suffix of the variable) lets N-1 chunks through first, so a run
 * makes progress before it dies.
 */
export interface Failpoint {
  name: FailpointName;
  afterChunks: number;
}

/** Where a {@link Failpoint} kills the process. */
export const FAILPOINT_NAMES = ["crash-mid-write", "crash-before-db-commit", "crash-after-db-commit"] as const;
/** One of {@link FAILPOINT_NAMES}. */
export type FailpointName = (typeof FAILPOINT_NAMES)[number];

/** Parses `name[@N]` (N ≥ 1, default 1), or returns null. */
export function parseFailpoint(text: string): Failpoint | null {
  const match = /^([a-z-]+)(?:@([1-9][0-9]*))?$/.exec(text);
  const name = match?.[1] as FailpointName | undefined;
  if (!match || name === undefined || !FAILPOINT_NAMES.includes(name)) return null;
  return { name, afterChunks: match[2] === undefined ? 1 : Number(match[2]) };
}

/** The ingest counts as busy (and the trend refresher yields to it) this long after a chunk. */
export const INGEST_BUSY_WINDOW_MS = 1_000;

/**
 * The ingest counts as behind (a backlog: the trend refresher waits for it) while its
 * partitions' fetched batches left more than this many chunks' worth of records on the broker.
 */
export const INGEST_BEHIND_CHUNKS = 2;

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
  metrics?: IngestMetrics;
}

/**
 * Where the consumer stands, for readiness: `joined` once it holds an assignment in its
 * group; `rejoining` after a retriable failure (broker or database down: kafkajs restarts
 * the consumer and it rejoins by itself); `failed` when it gave up; `unreachable` when a
 * joined consumer has heard nothing from the broker (no fetch, heartbeat or offset commit
 * answered) for longer than two fetch or heartbeat periods: kafkajs keeps retrying quietly
 * through a broker outage without leaving the group, so "joined" alone would say ready.
 */
export type ConsumerState =
  | { state: "starting" | "joined" | "stopped" }
  | { state: "rejoining" | "failed" | "unreachable"; error: string };

/** A running ingest consumer. */
export interface IngestRunner {
  start(): Promise<void>;
  /** Finishes the batch in flight (never half-writes one), then disconnects. */
  stop(): Promise<void>;
  state(): ConsumerState;
  /** Settles when the consumer has stopped for good on its own (a crash it will not restart from). */
  readonly failed: Promise<Error>;
  /** True if a chunk was applied in the last {@link INGEST_BUSY_WINDOW_MS} (the trend refresher yields then). */
  busy(): boolean;
  /**
   * True while the ingest works through a backlog: its last fetched batches left more than
   * {@link INGEST_BEHIND_CHUNKS} chunks of records on the broker (the trend refresher waits then).
   */
  behind(): boolean;
}

/**
 * Consumes one topic into Postgres with an exactly-once effect. The design, in short:
 * Postgres holds the truth about what was applied (consumed offsets and event ids are
 * committed in the same transaction as the facts and the stale-trend marks); on assignment the consumer
 * seeks to those offsets; Kafka's own committed offsets are written afterwards, for lag
 * monitoring only. A crash anywhere therefore replays at most the uncommitted chunk, which
 * the offset fence and the event ledger turn into a no-op.
 */
export function createIngestRunner(options: IngestRunnerOptions): IngestRunner {
  const { kafka, database, logger, topic, groupId } = options;
  const clock = options.clock ?? (() => new Date());
  const dlqTopic = deadLetterTopic(topic);
  const consumerConfig = ingestConsumerConfig(groupId, options);
  const heartbeatIntervalMs = consumerConfig.heartbeatInterval ?? 3_000;
  const silenceLimitMs = 2 * Math.max(options.maxWaitTimeMs ?? 5_000, heartbeatIntervalMs) + 1_000;
  const consumer: Consumer = kafka.consumer(consumerConfig);
  const producer: Producer = createProducer(kafka);
  const log = logger.child({ topic, groupId });
  let state: ConsumerState = { state: "starting" };
  let lastBrokerAnswer = Date.now();
  const brokerAnswered = () => {
    lastBrokerAnswer = Date.now();
  };
  let reportFailure: (error: Error) => void = () => {};
  const failed = new Promise<Error>((done) => (reportFailure = done));

  // Counts chunks that would store something, for the failpoint's `afterChunks`.
  let chunksSeen = 0;
  const crashAt = (place: FailpointName): void => {
    if (options.failpoint?.name !== place || chunksSeen < options.failpoint.afterChunks) return;
    log.warn({ failpoint: place, chunk: chunksSeen }, `failpoint ${place}: killing the process`);
    process.kill(process.pid, "SIGKILL");
  };

  const chunkDeps: ChunkDeps = {
    db: database.db,
    handler: options.handler,
    decodeOptions: () => ({ family: options.family, now: clock(), maxBytes: options.maxRecordBytes }),
    sendDeadLetters: async (messages: Parameters<Producer["send"]>[0]["messages"]) => {
      for (const send of deadLetterSends(messages)) await producer.send({ topic: dlqTopic, acks: -1, messages: send });
    },
    ...(options.failpoint === undefined
      ? {}
      : {
          onWritten: () => {
            chunksSeen++;
            crashAt("crash-mid-write");
          },
          beforeCommit: () => crashAt("crash-before-db-commit"),
        }),
  };

  async function seekToStoredOffsets(assignment: Record<string, number[]>): Promise<void> {
    const partitions = assignment[topic] ?? [];
    const stored = await readOffsets(database.db, groupId, topic, partitions);
    for (const [partition, offset] of stored) consumer.seek({ topic, partition, offset: offset.toString() });
    log.info(
      { partitions, seekedTo: Object.fromEntries([...stored].map(([p, o]) => [p, o.toString()])) },
      "partitions assigned",
    );
  }

  let lastChunkAt = Number.NEGATIVE_INFINITY;
  // Per assigned partition, the records its last fetched batch left on the broker (kafkajs'
  // offset lag: high watermark minus the batch's last offset). Reset on every rebalance.
  const lagByPartition = new Map<number, number>();
  const behindThreshold = INGEST_BEHIND_CHUNKS * options.maxChunkSize;
  // A chunk that failed in a lane, thrown from the next eachBatch so that kafkajs retries
  // and, if the failure lasts, restarts the consumer (which rejoins and seeks to Postgres).
  let laneFailure: Error | undefined;
  // Kafka offset commits in order, per partition, off the lanes' critical path.
  const kafkaCommits = new Map<number, Promise<void>>();

  const pipeline = createApplyPipeline({
    lanes: options.concurrency,
    maxChunkSize: options.maxChunkSize,
    // one chunk per lane being applied, and as much again fetched ahead
    maxHeld: 2 * options.concurrency * options.maxChunkSize,
    apply: async (partition, chunk) => {
      const ref = { consumerGroup: groupId, topic, partition };
      const started = performance.now();
      const result = await applyChunk(chunkDeps, ref, chunk);
      if (result.stored > 0) crashAt("crash-after-db-commit");
      const applied = chunk.at(-1)!.offset;
      lastChunkAt = performance.now();
      const ms = lastChunkAt - started;
      options.metrics?.chunkApplied(result, ms / 1000);
      logChunk(partition, chunk[0]!.offset, applied, result, ms);
      const previous = kafkaCommits.get(partition) ?? Promise.resolve();
      kafkaCommits.set(
        partition,
        previous.then(() => commitToKafka(partition, applied)),
      );
    },
    onFailure: (error, refetchFrom) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      log.warn(
        { err: failure, refetchFrom: Object.fromEntries(refetchFrom) },
        "chunk failed and rolled back; its partition's queued records are dropped and fetched again",
      );
      // The fetch position ran ahead of what was applied: move it back, so nothing queued is skipped.
      for (const [partition, offset] of refetchFrom) consumer.seek({ topic, partition, offset });
      laneFailure = failure;
    },
  });

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (laneFailure !== undefined) {
      const failure = laneFailure;
      laneFailure = undefined;
      throw failure;
    }
    lagByPartition.set(batch.partition, Number(batch.offsetLag()));
    if (batch.messages.length === 0) return;
    await pipeline.room(batch.messages.length);
    // After a seek (a failed chunk, a rebalance) a batch fetched before it is stale: not queued,
    // not resolved, so the consumer fetches from the new position.
    if (!isRunning() || isStale() || laneFailure !== undefined) return;
    if (!pipeline.push(batch.partition, batch.messages)) return;
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }

  // Kafka's committed offset only feeds lag monitoring and the next start's fetch position;
  // Postgres already holds the truth, so a failed commit is logged, not fatal. It trails
  // Postgres (committed after the chunk's transaction), never runs ahead of it.
  async function commitToKafka(partition: number, lastOffset: string): Promise<void> {
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(lastOffset) + 1n).toString() }]);
      brokerAnswered();
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
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        const error = payload.error instanceof Error ? payload.error : new Error(String(payload.error));
        if (payload.restart) {
          state = { state: "rejoining", error: error.message };
          log.warn(
            { err: error },
            "consumer failed; kafkajs restarts it and it rejoins the group (not ready meanwhile)",
          );
        } else {
          state = { state: "failed", error: error.message };
          log.error({ err: error }, "consumer failed and will not restart");
          reportFailure(error);
        }
      });
      consumer.on(consumer.events.FETCH, brokerAnswered);
      consumer.on(consumer.events.HEARTBEAT, brokerAnswered);
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        brokerAnswered();
        state = { state: "joined" };
        lagByPartition.clear();
        // A new assignment: what was queued for the old one is fetched again from Postgres' offsets.
        pipeline.drop();
        laneFailure = undefined;
        seekToStoredOffsets(payload.memberAssignment).catch((error: unknown) =>
          log.warn({ err: error }, "could not read stored offsets; the offset fence still applies"),
        );
      });
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // eachBatch only queues (the pipeline's lanes apply), so one at a time is enough
        partitionsConsumedConcurrently: 1,
        eachBatch,
      });
      log.info({ dlqTopic }, "consuming");
    },
    async stop() {
      // the chunks being applied finish; what is only queued is fetched again on the next start
      await pipeline.stop();
      await Promise.allSettled([...kafkaCommits.values()]);
      await consumer.disconnect();
      await producer.disconnect();
      state = { state: "stopped" };
    },
    state: () => {
      const silentMs = Date.now() - lastBrokerAnswer;
      if (state.state === "joined" && silentMs > silenceLimitMs) {
        return { state: "unreachable", error: `no answer from the broker for ${Math.round(silentMs / 1000)} s` };
      }
      return state;
    },
    failed,
    busy: () => performance.now() - lastChunkAt < INGEST_BUSY_WINDOW_MS,
    behind: () => {
      let lag = 0;
      for (const records of lagByPartition.values()) lag += records;
      return lag > behindThreshold;
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
    // Small fetches (this was 4 MiB per partition and kafkajs' 10 MiB per response): with the
    // apply pipeline fetching ahead, large responses bought no speed and cost ~80 MiB of peak
    // memory (docs/performance.md). The broker still returns a record larger than the limit.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 2 * 1024 * 1024,
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
