import { describe, expect, it } from "vitest";
import {
  deadLetterRecord,
  deadLetterSends,
  REPLAYED_FROM_HEADER,
  readDeadLetter,
  replayRecord,
} from "./dead-letter.ts";

const letter = (bytes: number) => ({ key: "org", value: "x".repeat(bytes), headers: { "dlq-reason": "oversized" } });

describe("deadLetterSends", () => {
  it("keeps small dead letters in one send, in order", () => {
    const letters = [letter(10), letter(20), letter(30)];
    expect(deadLetterSends(letters, 1_000)).toEqual([letters]);
  });

  it("splits so that no send exceeds the byte budget, and sends a record over it alone", () => {
    const letters = [letter(400), letter(400), letter(400), letter(5_000), letter(10)];
    const sends = deadLetterSends(letters, 1_000);
    expect(sends.map((s) => s.map((m) => String(m.value).length))).toEqual([[400, 400], [400], [5_000], [10]]);
    expect(sends.flat()).toEqual(letters);
  });
});

describe("readDeadLetter and replayRecord", () => {
  const original = {
    key: Buffer.from("acme"),
    value: Buffer.from('{"specversion":"1.0"}'),
    offset: "7",
    timestamp: "1764590400000",
    attributes: 0,
    headers: { "content-type": Buffer.from("application/cloudevents+json") },
  };
  const rejection = { code: "oversized", message: "record is 3000 bytes", path: null } as const;
  const copy = deadLetterRecord(
    original,
    rejection,
    { topic: "hris.headcount.v1", partition: 2, consumerGroup: "hr-radar-ingest-headcount" },
    new Date("2026-12-01T12:00:00Z"),
  );
  // as it comes back from the DLQ topic: headers as Buffers, at an offset of its own
  const asRead = {
    ...original,
    offset: "41",
    headers: Object.fromEntries(
      Object.entries(copy.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]),
    ) as Record<string, Buffer>,
  };

  it("reads a dead letter's reason and origin back from its headers", () => {
    expect(readDeadLetter("hris.headcount.v1.dlq", 0, asRead)).toEqual({
      id: "hris.headcount.v1.dlq:0:41",
      topic: "hris.headcount.v1.dlq",
      partition: 0,
      offset: "41",
      deadLetteredAt: "2025-12-01T12:00:00.000Z",
      reason: "oversized",
      message: "record is 3000 bytes",
      path: null,
      sourceTopic: "hris.headcount.v1",
      sourcePartition: 2,
      sourceOffset: "7",
      consumerGroup: "hr-radar-ingest-headcount",
      failedAt: "2026-12-01T12:00:00.000Z",
      replayedFrom: null,
      key: "acme",
      value: '{"specversion":"1.0"}',
    });
  });

  it("replays the original key, value and headers, without the dlq headers, marked with the dead letter", () => {
    const replay = replayRecord("hris.headcount.v1.dlq:0:41", asRead);
    expect(replay.key).toEqual(original.key);
    expect(replay.value).toEqual(original.value);
    expect(Object.keys(replay.headers ?? {}).sort()).toEqual(["content-type", REPLAYED_FROM_HEADER]);
    expect(replay.headers?.[REPLAYED_FROM_HEADER]).toBe("hris.headcount.v1.dlq:0:41");
    // a replay that fails again and is replayed once more carries only its latest origin
    const again = replayRecord("hris.headcount.v1.dlq:0:42", {
      ...asRead,
      headers: { ...asRead.headers, ...replay.headers } as Record<string, Buffer>,
    });
    expect(again.headers?.[REPLAYED_FROM_HEADER]).toBe("hris.headcount.v1.dlq:0:42");
  });
});
