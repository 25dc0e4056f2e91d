import { randomUUID } from "node:crypto";
import type { DeadLetter } from "@hr-radar/ingest-runner";
import type { Admin, Kafka, KafkaMessage } from "kafkajs";

/** Which dead letters to read. */
export interface DeadLetterSelection {
  /** DLQ topics (`<topic>.dlq`); missing ones are skipped. */
  topics: readonly string[];
  /** Only these reasons (empty: every reason). */
  reasons?: readonly string[];
  /** Only those dead-lettered at or after this instant. */
  since?: Date;
  /** Only these ids (`<dlq topic>:<partition>:<offset>`). */
  ids?: readonly string[];
}

/** A dead letter with its raw record, for a replay. */
export interface ReadDeadLetter {
  letter: DeadLetter;
  message: KafkaMessage;
}

/**
 * Reads the selected dead letters, oldest first per partition, from the start (or from
 * `since`, by the broker's time index) up to the end the topics had when the read began.
 * A throw-away consumer group reads without committing and is deleted afterwards, so
 * reading changes nothing on the broker.
 */
export async function readDeadLetters(kafka: Kafka, selection: DeadLetterSelection): Promise<ReadDeadLetter[]> {
  const { readDeadLetter } = await import("@hr-radar/ingest-runner");
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = selection.topics.filter((t) => existing.has(t));
    const ranges = new Map<string, { start: bigint; end: bigint }>();
    for (const topic of wanted)
      for (const [partition, range] of await partitionRanges(admin, topic, selection.since))
        if (range.start < range.end) ranges.set(`${topic}:${partition}`, range);
    if (ranges.size === 0) return [];

    const groupId = `hr-radar-cli-dlq-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    const found: ReadDeadLetter[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: wanted, fromBeginning: true });
      const remaining = new Set(ranges.keys());
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`reading ${wanted.join(", ")} took over 60 s`)), 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}:${partition}`;
              const range = ranges.get(key);
              if (!range || !remaining.has(key)) return;
              const offset = BigInt(message.offset);
              if (offset >= range.start && offset < range.end) {
                const letter = readDeadLetter(topic, partition, message);
                if (selected(letter, selection)) found.push({ letter, message });
              }
              if (offset >= range.end - 1n) {
                remaining.delete(key);
                if (remaining.size === 0) {
                  clearTimeout(timer);
                  done();
                }
              }
            },
          })
          .then(() => {
            for (const [key, range] of ranges) {
              const [topic, partition] = splitKey(key);
              consumer.seek({ topic, partition, offset: range.start.toString() });
            }
          }, fail);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => {});
    }
    return found.sort(
      (a, b) =>
        a.letter.topic.localeCompare(b.letter.topic) ||
        a.letter.partition - b.letter.partition ||
        Number(BigInt(a.letter.offset) - BigInt(b.letter.offset)),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Dead letters per (topic, reason) since an instant: for `hr-radar status`. */
export function countByReason(letters: readonly ReadDeadLetter[]): { topic: string; reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { letter } of letters) {
    const key = `${letter.topic}\u0000${letter.reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => {
      const [topic = "", reason = ""] = key.split("\u0000");
      return { topic, reason, count };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic) || b.count - a.count || a.reason.localeCompare(b.reason));
}

function selected(letter: DeadLetter, s: DeadLetterSelection): boolean {
  if (s.reasons && s.reasons.length > 0 && !s.reasons.includes(letter.reason)) return false;
  if (s.ids && s.ids.length > 0 && !s.ids.includes(letter.id)) return false;
  if (s.since && Date.parse(letter.deadLetteredAt) < s.since.getTime()) return false;
  return true;
}

/** Offsets to read per partition: [start, end), end being the high watermark now. */
async function partitionRanges(
  admin: Admin,
  topic: string,
  since: Date | undefined,
): Promise<Map<number, { start: bigint; end: bigint }>> {
  const watermarks = await admin.fetchTopicOffsets(topic);
  const fromTime = since === undefined ? null : await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
  const ranges = new Map<number, { start: bigint; end: bigint }>();
  for (const w of watermarks) {
    const byTime = fromTime?.find((p) => p.partition === w.partition)?.offset;
    // the time index answers -1 (or the end) when no record is that recent
    const start = byTime === undefined || BigInt(byTime) < 0n ? BigInt(since ? w.high : w.low) : BigInt(byTime);
    ranges.set(w.partition, { start: start < BigInt(w.low) ? BigInt(w.low) : start, end: BigInt(w.high) });
  }
  return ranges;
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf(":");
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
