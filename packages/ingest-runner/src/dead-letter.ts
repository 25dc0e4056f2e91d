import type { Rejection } from "@hr-radar/events";
import type { KafkaMessage, Message } from "kafkajs";

/** Headers a dead-lettered record carries on top of its original headers. */
export const DEAD_LETTER_HEADERS = {
  reason: "dlq-reason",
  message: "dlq-message",
  path: "dlq-path",
  sourceTopic: "dlq-source-topic",
  sourcePartition: "dlq-source-partition",
  sourceOffset: "dlq-source-offset",
  consumerGroup: "dlq-consumer-group",
  failedAt: "dlq-failed-at",
} as const;

/** Where a rejected record came from. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  consumerGroup: string;
}

/**
 * The dead-letter copy of a rejected record: the original key, value and headers, byte
 * for byte, plus headers that say why it was rejected and where it came from. The source
 * topic/partition/offset identify it, so a consumer of the DLQ can drop the rare repeat
 * (a crash between sending it and committing the batch sends it again).
 */
export function deadLetterRecord(
  message: KafkaMessage,
  rejection: Rejection,
  origin: RecordOrigin,
  failedAt: Date,
): Message {
  const headers: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = value;
  }
  const H = DEAD_LETTER_HEADERS;
  headers[H.reason] = rejection.code;
  headers[H.message] = rejection.message.slice(0, 1000);
  if (rejection.path !== null) headers[H.path] = rejection.path;
  headers[H.sourceTopic] = origin.topic;
  headers[H.sourcePartition] = String(origin.partition);
  headers[H.sourceOffset] = message.offset;
  headers[H.consumerGroup] = origin.consumerGroup;
  headers[H.failedAt] = failedAt.toISOString();
  return { key: message.key, value: message.value, headers };
}

/**
 * The most bytes of dead letters sent in one request. The broker refuses a record batch
 * over `message.max.bytes` (1 MB by default), and a chunk may hold several oversized
 * records (up to that limit each): sent together, their copies would be refused on every
 * retry and stall the partition for good.
 */
export const DEAD_LETTER_SEND_BYTES = 512 * 1024;

/** A dead letter's size as the broker counts it, near enough: key, value and headers. */
function approximateBytes(message: Message): number {
  let size = byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) size += name.length + byteLength(v);
  }
  return size;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "string" ? Buffer.byteLength(value) : value.length;
}

/**
 * Splits dead letters, in order, into sends of at most `maxBytes` each; a record bigger
 * than that goes alone.
 */
export function deadLetterSends(messages: readonly Message[], maxBytes = DEAD_LETTER_SEND_BYTES): Message[][] {
  const sends: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = approximateBytes(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      sends.push(current);
      [current, bytes] = [[], 0];
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) sends.push(current);
  return sends;
}

/** The header a replayed record carries: which dead letter it was (`<dlq topic>:<partition>:<offset>`). */
export const REPLAYED_FROM_HEADER = "hr-radar-replayed-from";

/** A dead letter as read back from a `<topic>.dlq` topic. */
export type DeadLetter = {
  /** `<dlq topic>:<partition>:<offset>`: how `hr-radar dlq show` and `--replay` name it. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  /** RFC 3339: when the DLQ copy was written (the broker's timestamp). */
  deadLetteredAt: string;
  reason: string;
  message: string;
  path: string | null;
  sourceTopic: string;
  sourcePartition: number | null;
  sourceOffset: string | null;
  consumerGroup: string | null;
  /** RFC 3339, from `dlq-failed-at`. */
  failedAt: string | null;
  /** Set when this dead letter is itself a replay that failed again. */
  replayedFrom: string | null;
  key: string | null;
  /** The original value, as UTF-8 text (invalid bytes replaced: the raw bytes are kept for a replay). */
  value: string | null;
};

const text = (value: Buffer | string | (Buffer | string)[] | undefined): string | null => {
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? null : one.toString();
};

/**
 * Reads a dead letter's headers back; `topic` is the DLQ topic it was read from. A record
 * without `dlq-reason` (written by something else) is reported with reason `unknown`.
 */
export function readDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const h = message.headers ?? {};
  const H = DEAD_LETTER_HEADERS;
  const sourcePartition = text(h[H.sourcePartition]);
  return {
    id: `${topic}:${partition}:${message.offset}`,
    topic,
    partition,
    offset: message.offset,
    deadLetteredAt: new Date(Number(message.timestamp)).toISOString(),
    reason: text(h[H.reason]) ?? "unknown",
    message: text(h[H.message]) ?? "",
    path: text(h[H.path]),
    sourceTopic: text(h[H.sourceTopic]) ?? topic.replace(/\.dlq$/, ""),
    sourcePartition: sourcePartition === null ? null : Number(sourcePartition),
    sourceOffset: text(h[H.sourceOffset]),
    consumerGroup: text(h[H.consumerGroup]),
    failedAt: text(h[H.failedAt]),
    replayedFrom: text(h[REPLAYED_FROM_HEADER]),
    key: message.key === null ? null : message.key.toString(),
    value: message.value === null ? null : message.value.toString(),
  };
}

/**
 * The record to send back to the source topic for a dead letter: its original key, value
 * and headers byte for byte (the dlq-* headers and any earlier replay mark dropped), marked
 * with where it was dead-lettered. Its CloudEvent id is unchanged, so the ingest's ledger
 * applies it at most once however often it is replayed.
 */
export function replayRecord(deadLetterId: string, message: KafkaMessage): Message {
  const dlqHeaders = new Set<string>([...Object.values(DEAD_LETTER_HEADERS), REPLAYED_FROM_HEADER]);
  const headers: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {}))
    if (value !== undefined && !dlqHeaders.has(name)) headers[name] = value;
  headers[REPLAYED_FROM_HEADER] = deadLetterId;
  return { key: message.key, value: message.value, headers };
}
