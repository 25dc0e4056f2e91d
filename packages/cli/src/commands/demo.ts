import { encodeCloudEvent } from "@hr-radar/events";
import { type DemoFeed, generateDemoFeed } from "@hr-radar/demo-feed";
import { createApiToken, listAlerts } from "@hr-radar/queries";
import { createKafka, createProducer } from "@hr-radar/service-kit";
import { type Command, Option } from "commander";
import { sql } from "drizzle-orm";
import pino from "pino";
import { connectDatabase } from "@hr-radar/db";
import { CliError } from "../errors.ts";
import { render } from "../output.ts";
import { progressBar } from "../progress.ts";
import { type Stack, stackTopics, startStack } from "../stack.ts";
import { runUntilStopped, say, type StackCliOptions, stackOptions, stackSettings } from "./up.ts";

interface DemoOptions extends StackCliOptions {
  seed: number;
  weeks: number;
  exit?: boolean;
}

const WEEK_MS = 7 * 86_400_000;
/** The analyzer runs daily in production; the demo replays this many weekly runs first, so alerts have a history. */
const REPLAYED_RUNS = 8;

/** `hr-radar demo`: `up`, plus the article's five cases as a live feed, analysed and printed. */
export function registerDemo(program: Command): void {
  stackOptions(
    program
      .command("demo")
      .description(
        "start the pipeline (as `up`) with its own database and topics, send months of synthetic history for the article's five cases " +
          "(a 30-person startup hiring fast, a 50-person company doubling, a stable 200-person company, a 120-person manufacturer, an 800-person enterprise) " +
          "through Kafka, analyse it, print the alerts and the dashboard links; then keep serving until Ctrl-C",
      ),
  )
    .addOption(new Option("--seed <n>", "random seed of the synthetic feed").argParser(Number).default(1))
    .addOption(new Option("--weeks <n>", "weeks of history").argParser(Number).default(26))
    .option("--exit", "exit after printing instead of serving the dashboard")
    .action(async (o: DemoOptions) => {
      if (!Number.isInteger(o.weeks) || o.weeks < 12 || o.weeks > 104) throw new CliError(`--weeks must be 12..104, got ${o.weeks}`, 2);
      const started = Date.now();
      const stack = await startStack({ ...stackSettings(o, say), database: "hr_radar_demo", topics: stackTopics("demo."), groupPrefix: "hr-radar-demo-", fresh: true });
      try {
        const asOf = new Date();
        const feed = generateDemoFeed({ asOf, seed: o.seed, weeks: o.weeks });
        await sendFeed(stack, feed);
        await waitForIngest(stack, feed.headcount.length + feed.tickets.length);
        say(`analysing: ${REPLAYED_RUNS} weekly runs as the daily schedule would have made them, then today's`);
        for (let k = REPLAYED_RUNS; k >= 0; k--) await stack.analyzer.analyseNow(new Date(asOf.getTime() - k * WEEK_MS).toISOString());
        await printResults(stack, feed);
        say(`demo ready in ${Math.round((Date.now() - started) / 1000)} s`);
      } catch (error) {
        await stack.stop();
        throw error;
      }
      if (o.exit) {
        await stack.stop();
        return;
      }
      say(`serving the dashboard at ${stack.apiUrl}/dashboard/ (links above); try \`pnpm hr-radar alerts\` in another terminal; Ctrl-C stops`);
      await runUntilStopped(stack);
    });
}

async function sendFeed(stack: Stack, feed: DemoFeed): Promise<void> {
  const topics = stackTopics("demo.");
  const producer = createProducer(createKafka({ brokers: stack.kafkaBrokers.split(","), clientId: "hr-radar-demo", logger: pino({ level: "error" }) }));
  await producer.connect();
  const total = feed.headcount.length + feed.tickets.length;
  const progress = progressBar("sending  ", total);
  let sent = 0;
  try {
    for (const [topic, events] of [[topics.headcount, feed.headcount], [topics.tickets, feed.tickets]] as const) {
      // in slices, so no request outgrows the broker's limit
      for (let i = 0; i < events.length; i += 2_000) {
        const slice = events.slice(i, i + 2_000);
        await producer.send({ topic, acks: -1, messages: slice.map((e) => encodeCloudEvent(e, e.data.organisationId)) });
        progress.update((sent += slice.length));
      }
    }
    progress.finish(`events to ${topics.headcount} and ${topics.tickets}`);
  } finally {
    await producer.disconnect();
  }
}

/** Waits until the ingest services have applied every record (their offsets in Postgres say so). */
async function waitForIngest(stack: Stack, total: number): Promise<void> {
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  const progress = progressBar("ingesting", total);
  const deadline = Date.now() + 10 * 60_000;
  try {
    for (;;) {
      const [row] = await client.db.execute<{ applied: number }>(sql`select coalesce(sum(next_offset), 0)::int as applied from consumer_offsets where consumer_group like 'hr-radar-demo-%'`);
      const applied = row?.applied ?? 0;
      progress.update(applied);
      if (applied >= total) break;
      if (Date.now() > deadline) throw new CliError(`ingest stalled at ${applied} of ${total} records: see ${stack.logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    progress.finish("records applied");
  } finally {
    await client.close();
  }
}

async function printResults(stack: Stack, feed: DemoFeed): Promise<void> {
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  try {
    const out: string[] = [];
    for (const org of feed.organisations) {
      const alerts = await listAlerts(client.db, { organisationId: org.id, status: "active" });
      const { token } = await createApiToken(client.db, { organisationId: org.id, name: "demo" });
      out.push(`\n${org.name} (${org.id}): ${org.story}`);
      out.push(
        render(
          alerts,
          [
            { header: "function", value: (a) => a.hrFunction },
            { header: "recommendation", value: (a) => a.recommendation },
            { header: "severity", value: (a) => a.severity },
            { header: "summary", value: (a) => a.summary, maxWidth: 120 },
          ],
          "table",
          "no alerts",
        ).trimEnd(),
      );
      out.push(`dashboard: ${stack.apiUrl}/dashboard/#token=${token}`);
    }
    process.stdout.write(`${out.join("\n")}\n\n`);
  } finally {
    await client.close();
  }
}
