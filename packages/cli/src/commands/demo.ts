import { join } from "node:path";
import type { DemoFeed } from "@hr-radar/demo-feed";
import { type Command, Option } from "commander";
import { CliError } from "../errors.ts";
import type { MailCatcher } from "../mail-catcher.ts";
import { progressBar } from "../progress.ts";
import type { Stack, stackTopics as StackTopics } from "../stack.ts";
import { wholeNumber, wholeNumberIn } from "./options.ts";
import { cliHint, runUntilStopped, type StackCliOptions, say, stackOptions, stackSettings } from "./up.ts";

interface DemoOptions extends StackCliOptions {
  database: string;
  seed: number;
  weeks: number;
  exit?: boolean;
  source: string;
}

const WEEK_MS = 7 * 86_400_000;
/** The analyzer runs daily in production; the demo replays this many weekly runs first, so alerts have a history. */
const REPLAYED_RUNS = 8;

/** `hr-radar demo`: `up`, plus the article's five cases as a live feed, analysed and printed. */
export function registerDemo(program: Command): void {
  stackOptions(
    program
      .command("demo")
      .summary("`up` plus the article's five cases as a live feed: alerts printed, dashboard served")
      .description(
        "start the pipeline (as `up`) with its own database and topics, send months of synthetic history for the article's five cases " +
          "(a 30-person startup hiring fast, a 50-person company doubling, a stable 200-person company, a 120-person manufacturer, an 800-person enterprise) " +
          "through Kafka, analyse it, print the alerts and the dashboard links; then keep serving until Ctrl-C",
      ),
  )
    .addOption(new Option("--seed <n>", "random seed of the synthetic feed").argParser(wholeNumber).default(1))
    .addOption(new Option("--weeks <n>", "weeks of history (12..104)").argParser(wholeNumberIn(12, 104)).default(26))
    .option("--exit", "exit after printing instead of serving the dashboard")
    .addOption(
      new Option(
        "--source <source>",
        "where the events come from: the synthetic feed, or stand-in vendors through the connector service: " +
          "bamboohr (HRIS), optionally with a helpdesk: bamboohr,zendesk | bamboohr,jira-service-management | bamboohr,merge-ticketing",
      ).default("synthetic"),
    )
    .option("--topic-prefix <prefix>", "prefix of the demo's topics and consumer groups", "demo.")
    .option(
      "--database <name>",
      "the demo's database (dropped and re-created each run; never DATABASE_URL's own)",
      "hr_radar_demo",
    )
    .action(async (o: DemoOptions) => {
      const [hris, helpdesk, ...extra] = o.source.split(",").map((s) => s.trim());
      const helpdesks: readonly string[] = ["zendesk", "jira-service-management", "merge-ticketing"];
      if (
        !(o.source === "synthetic" || hris === "bamboohr") ||
        extra.length > 0 ||
        (helpdesk !== undefined && !helpdesks.includes(helpdesk))
      )
        throw new CliError(
          `--source must be synthetic, bamboohr, or bamboohr,<helpdesk> with a helpdesk of ${helpdesks.join(", ")}; got ${o.source}`,
          2,
        );
      const started = Date.now();
      const [{ startStack, stackTopics }, { generateDemoFeed }] = await Promise.all([
        import("../stack.ts"),
        import("@hr-radar/demo-feed"),
      ]);
      const asOf = new Date();
      const feed = generateDemoFeed({ asOf, seed: o.seed, weeks: o.weeks });
      const settings = stackSettings(o, say);
      // digests go to a real SMTP server in this process, which keeps each message as a file
      const { startMailCatcher } = await import("../mail-catcher.ts");
      const catcher = await startMailCatcher(join(settings.dataDir, "demo-mail"));
      const stack = await startStack({
        ...settings,
        database: o.database,
        topics: stackTopics(o.topicPrefix),
        groupPrefix: `${o.topicPrefix}hr-radar-demo-`,
        fresh: true,
        analyzerEnv: demoDigestEnv(
          hris === "bamboohr" ? ["demo-bamboohr"] : feed.organisations.map((org) => org.id),
          catcher.port,
        ),
        // its digests are sent once the replayed history is analysed, not by a minute tick mid-load
        digestSchedule: false,
      }).catch(async (error: unknown) => {
        await catcher.close();
        throw error;
      });
      try {
        let organisations: readonly PrintedOrganisation[];
        if (hris === "bamboohr") {
          const { feedFromBambooStandIn, BAMBOO_DEMO_ORGANISATION } = await import("./demo-bamboohr.ts");
          let produced = await feedFromBambooStandIn(stack, say);
          if (helpdesk !== undefined) {
            const { feedFromHelpdeskStandIn } = await import("./demo-helpdesk.ts");
            produced += await feedFromHelpdeskStandIn(stack, say, helpdesk as "zendesk", BAMBOO_DEMO_ORGANISATION.id);
          }
          await waitForIngest(stack, produced, `${o.topicPrefix}hr-radar-demo-`);
          organisations = [BAMBOO_DEMO_ORGANISATION];
        } else {
          await sendFeed(stack, feed, stackTopics(o.topicPrefix));
          await waitForIngest(stack, feed.headcount.length + feed.tickets.length, `${o.topicPrefix}hr-radar-demo-`);
          organisations = feed.organisations;
        }
        say(`analysing: ${REPLAYED_RUNS} weekly runs as the daily schedule would have made them, then today's`);
        for (let k = REPLAYED_RUNS; k >= 0; k--)
          await stack.analyzer.analyseNow(new Date(asOf.getTime() - k * WEEK_MS).toISOString());
        await printResults(stack, organisations);
        await sendDigests(stack, catcher, organisations.length);
        say(`demo ready in ${Math.round((Date.now() - started) / 1000)} s`);
      } catch (error) {
        await stack.stop();
        await catcher.close();
        throw error;
      }
      if (o.exit) {
        await stack.stop();
        await catcher.close();
        return;
      }
      say(
        `serving the dashboard at ${stack.apiUrl}/dashboard/ (links above); try \`${cliHint(o)} alerts\` in another terminal; Ctrl-C stops`,
      );
      await runUntilStopped(stack);
      await catcher.close();
    });
}

/** Every demo organisation subscribed to the weekly digest, by e-mail to its people-ops lead, through the catcher. */
function demoDigestEnv(organisationIds: readonly string[], smtpPort: number): Record<string, string> {
  return {
    DIGEST_ORGANISATIONS: JSON.stringify(
      organisationIds.map((id) => ({ organisation: id, email: [`people-ops@${id}.example`] })),
    ),
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtpPort),
    SMTP_TLS: "none",
    DIGEST_FROM: "hr-radar demo <digest@hr-radar.example>",
    // the demo sends the latest Monday's digest whatever the day it runs on
    DIGEST_CATCH_UP_HOURS: "168",
  };
}

/** Runs the digest schedule once (the latest Monday 08:00 of each organisation) and says where the e-mails are. */
async function sendDigests(stack: Stack, catcher: MailCatcher, organisations: number): Promise<void> {
  const { queued } = await stack.analyzer.digestNow();
  // the outbox poller may be sending some of them at the same moment: wait for every one (a recipient each)
  const deadline = Date.now() + 30_000;
  while (catcher.caught.length < queued && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  say(
    `digests: ${queued} of ${organisations} organisations queued, ${catcher.caught.length} e-mails accepted by the local SMTP catcher`,
  );
  for (const mail of catcher.caught) say(`  ${mail.subject}\n    ${mail.html ?? mail.eml}`);
  if (catcher.caught.length > 0)
    say(
      `read them in a browser (.html) or a mail client (.eml): ${catcher.dir}; preview any time: hr-radar digest --org <id> --format html`,
    );
}

async function sendFeed(stack: Stack, feed: DemoFeed, topics: ReturnType<typeof StackTopics>): Promise<void> {
  const [{ createKafka, createProducer }, { default: pino }, { encodeCloudEvent }] = await Promise.all([
    import("@hr-radar/service-kit"),
    import("pino"),
    import("@hr-radar/events"),
  ]);
  const producer = createProducer(
    createKafka({
      brokers: stack.kafkaBrokers.split(","),
      clientId: "hr-radar-demo",
      logger: pino({ level: "error" }),
    }),
  );
  await producer.connect();
  const total = feed.headcount.length + feed.tickets.length;
  const progress = progressBar("sending  ", total);
  let sent = 0;
  try {
    for (const [topic, events] of [
      [topics.headcount, feed.headcount],
      [topics.tickets, feed.tickets],
    ] as const) {
      // in slices, so no request outgrows the broker's limit
      for (let i = 0; i < events.length; i += 2_000) {
        const slice = events.slice(i, i + 2_000);
        await producer.send({
          topic,
          acks: -1,
          messages: slice.map((e) => encodeCloudEvent(e, e.data.organisationId)),
        });
        sent += slice.length;
        progress.update(sent);
      }
    }
    progress.finish(`events to ${topics.headcount} and ${topics.tickets}`);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Waits until the ingest services have applied every record (their offsets in Postgres say
 * so) and the trends are re-derived from all of them (no organisation marked stale).
 */
async function waitForIngest(stack: Stack, total: number, groupPrefix: string): Promise<void> {
  const [{ connectDatabase }, { trendStaleness }, { sql }] = await Promise.all([
    import("@hr-radar/db"),
    import("@hr-radar/trends"),
    import("drizzle-orm"),
  ]);
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  const progress = progressBar("ingesting", total);
  const deadline = Date.now() + 10 * 60_000;
  try {
    for (;;) {
      const [row] = await client.db.execute<{ applied: number }>(
        sql`select coalesce(sum(next_offset), 0)::int as applied from consumer_offsets where starts_with(consumer_group, ${groupPrefix})`,
      );
      const applied = row?.applied ?? 0;
      progress.update(applied);
      if (applied >= total) break;
      if (Date.now() > deadline)
        throw new CliError(`ingest stalled at ${applied} of ${total} records: see ${stack.logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    progress.finish("records applied");
    for (;;) {
      const { pending } = await trendStaleness(client.db);
      if (pending === 0) break;
      if (Date.now() > deadline)
        throw new CliError(`trend refresh stalled with ${pending} organisations stale: see ${stack.logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.close();
  }
}

/** What the demo prints an organisation with. */
interface PrintedOrganisation {
  id: string;
  name: string;
  story: string;
}

async function printResults(stack: Stack, organisations: readonly PrintedOrganisation[]): Promise<void> {
  const [{ connectDatabase }, { createApiToken }, { listAlerts }] = await Promise.all([
    import("@hr-radar/db"),
    import("@hr-radar/queries"),
    import("@hr-radar/alerts"),
  ]);
  const client = connectDatabase(stack.databaseUrl, { max: 1, applicationName: "hr-radar-demo" });
  try {
    const out: string[] = [];
    for (const org of organisations) {
      const alerts = await listAlerts(client.db, { organisationId: org.id, status: "active" });
      const { token } = await createApiToken(client.db, { organisationId: org.id, name: "demo" });
      out.push("", `${org.name} (${org.id})`, ...wrap(org.story, "  "));
      if (alerts.length === 0) out.push("  no alerts");
      for (const a of alerts)
        out.push(
          `  * ${a.hrFunction}: ${a.recommendation} (${a.severity}; ${a.reasons.map((r) => r.ruleId).join(", ") || a.ruleId})`,
          ...wrap(a.summary, "      "),
        );
      out.push(`  dashboard: ${stack.apiUrl}/dashboard/#token=${token}`);
    }
    process.stdout.write(`${out.join("\n")}\n\n`);
  } finally {
    await client.close();
  }
}

/** Words wrapped to 100 columns with an indent: summaries are the explanation, never cut. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}
