import type { Database } from "@hr-radar/db";
import { sql } from "drizzle-orm";
import type { Admin } from "kafkajs";

/** How far one consumer group is behind on one partition. */
export type ConsumerLag = {
  consumerGroup: string;
  topic: string;
  partition: number;
  /** The next offset to apply, as stored in Postgres with the facts (the authoritative one). */
  nextOffset: string;
  /** The broker's high watermark: the offset the next record written will get. */
  highWatermark: string;
  /** Records on the broker not yet applied. */
  lag: number;
};

/**
 * Lag per consumer group and partition: the broker's high watermarks against the offsets
 * stored in Postgres (Kafka's own committed offsets can trail them). Every group with a
 * stored offset, or only `only`'s. A partition the group has never stored counts from the
 * partition's low watermark; a topic gone from the broker is left out.
 */
export async function consumerLag(
  db: Pick<Database, "execute">,
  admin: Pick<Admin, "fetchTopicOffsets" | "listTopics">,
  only?: { consumerGroup: string; topic: string },
): Promise<ConsumerLag[]> {
  const stored = await db.execute<{ consumer_group: string; topic: string; partition: number; next_offset: string }>(
    only
      ? sql`select consumer_group, topic, partition, next_offset::text from consumer_offsets
            where consumer_group = ${only.consumerGroup} and topic = ${only.topic}`
      : sql`select consumer_group, topic, partition, next_offset::text from consumer_offsets`,
  );
  const groups = new Map<string, Map<number, bigint>>();
  for (const r of stored) {
    const key = `${r.consumer_group}\u0000${r.topic}`;
    const partitions = groups.get(key) ?? new Map<number, bigint>();
    partitions.set(Number(r.partition), BigInt(r.next_offset));
    groups.set(key, partitions);
  }
  if (only)
    groups.set(
      `${only.consumerGroup}\u0000${only.topic}`,
      groups.get(`${only.consumerGroup}\u0000${only.topic}`) ?? new Map(),
    );
  const existing = new Set(await admin.listTopics());
  const lags: ConsumerLag[] = [];
  const watermarks = new Map<string, Awaited<ReturnType<Admin["fetchTopicOffsets"]>>>();
  for (const [key, next] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [consumerGroup = "", topic = ""] = key.split("\u0000");
    if (!existing.has(topic)) continue;
    if (!watermarks.has(topic)) watermarks.set(topic, await admin.fetchTopicOffsets(topic));
    for (const w of watermarks.get(topic) ?? []) {
      const nextOffset = next.get(w.partition) ?? BigInt(w.low);
      const lag = BigInt(w.high) - nextOffset;
      lags.push({
        consumerGroup,
        topic,
        partition: w.partition,
        nextOffset: nextOffset.toString(),
        highWatermark: w.high,
        lag: Number(lag > 0n ? lag : 0n),
      });
    }
  }
  return lags.sort(
    (a, b) =>
      a.consumerGroup.localeCompare(b.consumerGroup) || a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
}
