import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createApplyPipeline } from "./pipeline.ts";

const records = (from: number, count: number): KafkaMessage[] =>
  Array.from({ length: count }, (_, i) => ({ offset: String(from + i) }) as KafkaMessage);

/** A chunk application that waits until the test releases it. */
function gatedApply() {
  const applied: { partition: number; offsets: string[] }[] = [];
  const gates: { partition: number; first: string; release: (error?: Error) => void }[] = [];
  const apply = (partition: number, chunk: readonly KafkaMessage[]) =>
    new Promise<void>((done, fail) => {
      gates.push({
        partition,
        first: chunk[0]!.offset,
        release: (error) => {
          if (error) return fail(error);
          applied.push({ partition, offsets: chunk.map((m) => m.offset) });
          done();
        },
      });
    });
  const releaseNext = async (error?: Error) => {
    const gate = gates.shift();
    if (gate === undefined) throw new Error("no chunk is being applied");
    gate.release(error);
    await new Promise((done) => setImmediate(done));
    return gate;
  };
  return { applied, gates, apply, releaseNext };
}

/** A pipeline over a gated apply, with the sizes a test needs. */
function gatedPipeline(
  gated: ReturnType<typeof gatedApply>,
  sizes: { lanes: number; maxChunkSize: number; maxHeld: number },
  onFailure: (error: unknown, from: Map<number, string>) => void = () => {},
) {
  return createApplyPipeline({ ...sizes, apply: gated.apply, onFailure });
}

describe("apply pipeline", () => {
  it("applies each partition in offset order, one chunk at a time, at most `lanes` chunks at once", async () => {
    const gated = gatedApply();
    const pipeline = gatedPipeline(gated, { lanes: 2, maxChunkSize: 3, maxHeld: 100 });
    pipeline.push(0, records(0, 4));
    pipeline.push(1, records(10, 2));
    pipeline.push(2, records(20, 1));
    pipeline.push(0, records(4, 2)); // a second fetched batch of partition 0, after the first
    expect(gated.gates.map((g) => [g.partition, g.first])).toEqual([
      [0, "0"],
      [1, "10"],
    ]);
    await gated.releaseNext(); // partition 0's first chunk: partition 2 takes the free lane
    expect(gated.gates.map((g) => [g.partition, g.first])).toEqual([
      [1, "10"],
      [2, "20"],
    ]);
    while (gated.gates.length > 0) await gated.releaseNext();
    expect(gated.applied.filter((a) => a.partition === 0).map((a) => a.offsets)).toEqual([
      ["0", "1", "2"],
      ["3", "4", "5"], // consecutive batches of one partition make one chunk
    ]);
    expect(pipeline.held()).toBe(0);
  });

  it("holds back the fetcher while the budget is full, and lets a batch larger than it through alone", async () => {
    const gated = gatedApply();
    const pipeline = gatedPipeline(gated, { lanes: 1, maxChunkSize: 10, maxHeld: 5 });
    await pipeline.room(8); // nothing held: a batch larger than the budget still fits
    pipeline.push(0, records(0, 8));
    let roomy = false;
    const waiting = pipeline.room(2).then(() => (roomy = true));
    await new Promise((done) => setImmediate(done));
    expect(roomy).toBe(false);
    await gated.releaseNext();
    await waiting;
    expect(roomy).toBe(true);
  });

  it("after a failed chunk drops what is queued and says where each partition must be fetched again", async () => {
    const gated = gatedApply();
    const failures: { error: unknown; from: Map<number, string> }[] = [];
    const pipeline = gatedPipeline(gated, { lanes: 1, maxChunkSize: 2, maxHeld: 100 }, (error, from) =>
      failures.push({ error, from }),
    );
    pipeline.push(0, records(0, 4));
    pipeline.push(1, records(50, 3));
    await gated.releaseNext(); // partition 0: 0-1 applied; partition 1 is next
    await gated.releaseNext(new Error("database away")); // partition 1's chunk 50-51 fails
    expect(failures).toHaveLength(1);
    expect((failures[0]!.error as Error).message).toBe("database away");
    expect(Object.fromEntries(failures[0]!.from)).toEqual({ 0: "2", 1: "50" });
    expect(gated.gates).toHaveLength(0); // nothing queued is applied after a failure
    expect(pipeline.held()).toBe(0);
    expect(gated.applied.map((a) => a.offsets)).toEqual([["0", "1"]]);
  });

  it("drops the queue on request (a rebalance) and refuses work once stopping", async () => {
    const gated = gatedApply();
    const pipeline = gatedPipeline(gated, { lanes: 1, maxChunkSize: 2, maxHeld: 100 });
    pipeline.push(3, records(7, 5));
    expect(Object.fromEntries(pipeline.drop())).toEqual({ 3: "9" }); // 7-8 are being applied
    const stopped = pipeline.stop();
    expect(pipeline.push(3, records(12, 1))).toBe(false);
    await gated.releaseNext();
    await stopped;
    expect(gated.applied.map((a) => a.offsets)).toEqual([["7", "8"]]);
    expect(pipeline.held()).toBe(0);
  });
});
