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
