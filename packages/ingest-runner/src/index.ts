/**
 * What an ingest service plugs in: how it checks, fingerprints and applies a chunk of events;
 * and applying one chunk (the benchmark of the CPU path runs it without I/O).
 */
export { applyChunk, type IngestHandler } from "./chunk.ts";
/** The headers a dead-lettered record carries; reading one back, and the record that replays it. */
export {
  DEAD_LETTER_HEADERS,
  type DeadLetter,
  REPLAYED_FROM_HEADER,
  readDeadLetter,
  replayRecord,
} from "./dead-letter.ts";
/** The ingest settings' defaults, and the environment schema both ingest services share. */
export { INGEST_DEFAULTS, ingestEnvSchema } from "./env.ts";
/** Records each consumer group has yet to apply, from the offsets in Postgres. */
export { type ConsumerLag, consumerLag } from "./lag.ts";
/** The consumer loop itself, and the Kafka consumer settings it runs with. */
export { createIngestRunner, type IngestRunner, ingestConsumerConfig } from "./runner.ts";
/** An ingest service started in-process or as its own process's entry point. */
export { type RunningService, runIngestService, startIngestService } from "./service.ts";
