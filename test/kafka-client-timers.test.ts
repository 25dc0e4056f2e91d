// kafkajs 2.2.4 schedules its request queue's throttle check at `throttledUntil - now`, and
// `throttledUntil` starts at -1: a timer of minus the epoch on every connection, which Node 24
// clamps to 1 ms and reports as a TimeoutNegativeWarning on each service's stderr
// (tulios/kafkajs#1751). patches/kafkajs@2.2.4.patch sets the same 1 ms itself; this test
// fails without it.
import { describe, expect, it, onTestFinished } from "vitest";
import { createTopic, testKafka, testProducer, topicSize } from "./support/kafka.ts";

describe("the Kafka client's timers", () => {
  it("connect, produce and read metadata without a negative timeout", { timeout: 30_000 }, async () => {
    const warnings: string[] = [];
    const collect = (warning: Error) => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on("warning", collect);
    onTestFinished(() => {
      process.off("warning", collect);
    });

    const kafka = testKafka();
    const topic = await createTopic(kafka, "client-timers", 1);
    const producer = await testProducer(kafka);
    await producer.send({ topic, messages: [{ key: "k", value: "v" }] });
    const records = await topicSize(kafka, topic);
    // a warning is emitted on the next tick of the timer's creation
    await new Promise((done) => setImmediate(done));

    expect(records).toBe(1);
    expect(warnings.filter((warning) => warning.startsWith("TimeoutNegativeWarning"))).toEqual([]);
  });
});
