// `pnpm demo [--seed N] [--weeks N] [--as-of ISO]`: sends the seeded demo feed (the
// article's five cases, months of HRIS and helpdesk history, @hr-radar/demo-feed) to
// Kafka, so that `pnpm analyze` has something to say. The feed ends at the start of
// today (UTC) unless --as-of says otherwise; its event ids depend only on the seed and
// that instant, so running the demo twice on one day sends the same events, which the
// pipeline deduplicates.
import { parseArgs } from "node:util";
import { DEFAULT_TOPICS, encodeCloudEvent } from "@hr-radar/events";
import { type DemoEvent, generateDemoFeed } from "@hr-radar/demo-feed";
import { createProducer } from "@hr-radar/service-kit";
import { Kafka, logLevel } from "kafkajs";

const { values } = parseArgs({ options: { seed: { type: "string" }, weeks: { type: "string" }, "as-of": { type: "string" } } });
const startOfToday = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
const asOf = values["as-of"] === undefined ? startOfToday : new Date(values["as-of"]);
const feed = generateDemoFeed({
  asOf,
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  ...(values.weeks === undefined ? {} : { weeks: Number(values.weeks) }),
});

const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const producer = createProducer(new Kafka({ clientId: "hr-radar-demo", brokers, logLevel: logLevel.WARN }));
await producer.connect();
const send = async (topic: string, events: readonly DemoEvent[]) => {
  // In slices, so no request outgrows the broker's limit.
  for (let i = 0; i < events.length; i += 2_000) {
    await producer.send({ topic, acks: -1, messages: events.slice(i, i + 2_000).map((e) => encodeCloudEvent(e, e.data.organisationId)) });
  }
};
try {
  await send(DEFAULT_TOPICS.headcount, feed.headcount);
  await send(DEFAULT_TOPICS.tickets, feed.tickets);
} finally {
  await producer.disconnect();
}
console.log(`demo: sent ${feed.headcount.length} HRIS events to ${DEFAULT_TOPICS.headcount} and ${feed.tickets.length} helpdesk events to ${DEFAULT_TOPICS.tickets}, as of ${asOf.toISOString()}`);
for (const org of feed.organisations) {
  console.log(`  ${org.id}: ${org.story}`);
  console.log(`    expect: ${org.expected.map((e) => `${e.hrFunction} ${e.recommendation}`).join(", ")}`);
}
console.log(`demo: now run \`pnpm analyze --at ${asOf.toISOString()}\`, then query the alerts table (see README)`);
