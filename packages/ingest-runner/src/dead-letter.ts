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
