import type { Database } from "@hr-radar/db";
import type { Command } from "commander";
import { optionalSetting } from "../config.ts";
import { withDatabase } from "../database.ts";
import type { Format } from "../output.ts";
import type { Dependency, ServiceCheck, StatusReport } from "../status-report.ts";
import { dlqTopics } from "./dlq.ts";
import { formatOption } from "./options.ts";

interface StatusOptions {
  org?: string;
  opsUrl?: string[];
  format: Format;
}

const DAY_MS = 86_400_000;

/** `hr-radar status`: the running stack at a glance. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .summary("the stack at a glance: dependencies, readiness, lags, quarantines, dead letters, last analysis, outbox")
    .description(
      "the stack's dependencies (Postgres, Kafka), each service's readiness, consumer lag, trend-refresh lag and " +
        "quarantined organisations, dead letters per reason in the last 24 h, the last analysis and the outbox backlog " +
        "per channel; exits 1 when a dependency is unreachable or a service not ready",
    )
    .option("-o, --org <id>", "list only this organisation's trend status")
    .option(
      "--ops-url <url...>",
      "also ask these services' ops endpoints for readiness (standalone services, e.g. http://127.0.0.1:9101)",
    )
    .addOption(formatOption())
    .addHelpText(
      "after",
      "\nReadiness comes from the stack's API (`up` reports every in-process service there) and any --ops-url.\n" +
        "A quarantined organisation's data made its trends fail to derive; every other organisation stays current.\n" +
        "Correct the data at the source and send the corrected event (a new profile, a corrected report): the\n" +
        "next refresh retries it at once and releases it. See docs/reliability.md.",
    )
    .action(async (o: StatusOptions) => {
      const { healthy, renderStatus } = await import("../status-report.ts");
      const report = await gather(o, new Date());
      process.stdout.write(renderStatus(report, o.format));
      if (!healthy(report)) process.exitCode = 1;
    });
}

async function gather(o: StatusOptions, now: Date): Promise<StatusReport> {
  const problems: string[] = [];
  const since = new Date(now.getTime() - DAY_MS);
  const topics = dlqTopics(undefined);
  const report: StatusReport = {
    checkedAt: now.toISOString(),
    dependencies: [],
    readinessFrom: [],
    services: [],
    consumerLag: [],
    trends: { pending: 0, lagSeconds: 0, quarantined: 0, organisations: [] },
    deadLetters: { since: since.toISOString(), topics, counts: [] },
    lastAnalysis: null,
    outbox: [],
    problems,
  };
  const readiness = readinessOf([
    ...(optionalSetting("API_URL") ? [optionalSetting("API_URL") as string] : []),
    ...(o.opsUrl ?? []),
  ]);
  const [{ redactUrl }] = await Promise.all([import("@hr-radar/local-stack")]);
  const databaseUrl = optionalSetting("DATABASE_URL");
  const postgres: Dependency = {
    name: "postgres",
    target: databaseUrl ? redactUrl(databaseUrl) : null,
    ok: null,
    detail: null,
  };
  const brokers = optionalSetting("KAFKA_BROKERS");
  const kafka: Dependency = { name: "kafka", target: brokers ?? null, ok: null, detail: null };
  report.dependencies.push(postgres, kafka);

  const admin = brokers ? await connectAdmin(brokers, kafka) : null;
  try {
    if (databaseUrl) {
      try {
        await withDatabase(async (db) => {
          postgres.ok = true;
          await databaseSections(db, o, report, admin);
        });
      } catch (error) {
        postgres.ok = false;
        postgres.detail = (error as Error).message;
      }
    } else postgres.detail = "DATABASE_URL not set and no stack file";
    if (admin) {
      try {
        const { readDeadLetters, countByReason } = await import("../dead-letters.ts");
        const kafkaClient = await kafkaFor(brokers as string);
        report.deadLetters.counts = countByReason(await readDeadLetters(kafkaClient, { topics, since }));
      } catch (error) {
        problems.push(`dead letters: ${(error as Error).message}`);
      }
    } else if (!brokers) kafka.detail = "KAFKA_BROKERS not set and no stack file";
  } finally {
    await admin?.disconnect();
  }
  const answered = await readiness;
  report.readinessFrom = answered.from;
  report.services = answered.checks;
  return report;
}

async function databaseSections(
  db: Database,
  o: StatusOptions,
  report: StatusReport,
  admin: import("kafkajs").Admin | null,
): Promise<void> {
  const [{ trendStatus, trendStaleness, quarantinedTrends }, { lastCompletedAnalysis, deliveryBacklogByChannel }] =
    await Promise.all([import("@hr-radar/trends"), import("@hr-radar/alerts")]);
  const part = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      report.problems.push(`${name}: ${(error as Error).message}`);
    }
  };
  await part("trends", async () => {
    const [staleness, quarantined, organisations] = await Promise.all([
      trendStaleness(db),
      quarantinedTrends(db),
      trendStatus(db, o.org === undefined ? undefined : [o.org]),
    ]);
    report.trends = {
      pending: staleness.pending,
      lagSeconds: staleness.oldestSeconds,
      // every organisation's, even when --org narrows the list
      quarantined: new Set(quarantined.map((q) => q.organisationId)).size,
      organisations,
    };
  });
  await part("last analysis", async () => {
    report.lastAnalysis = await lastCompletedAnalysis(db);
  });
  await part("outbox", async () => {
    report.outbox = await deliveryBacklogByChannel(db);
  });
  if (admin)
    await part("consumer lag", async () => {
      const { consumerLag } = await import("@hr-radar/ingest-runner");
      report.consumerLag = await consumerLag(db, admin);
    });
}

async function kafkaFor(brokers: string) {
  const [{ createKafka }, { default: pino }] = await Promise.all([import("@hr-radar/service-kit"), import("pino")]);
  return createKafka({ brokers: brokers.split(","), clientId: "hr-radar-status", logger: pino({ level: "silent" }) });
}

async function connectAdmin(brokers: string, kafka: Dependency): Promise<import("kafkajs").Admin | null> {
  const { Kafka, logLevel } = await import("kafkajs");
  // no retries: an unreachable broker is the answer, not something to wait out
  const admin = new Kafka({
    clientId: "hr-radar-status",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    kafka.ok = true;
    return admin;
  } catch (error) {
    kafka.ok = false;
    kafka.detail = (error as Error).message;
    await admin.disconnect().catch(() => {});
    return null;
  }
}

/** Each URL's /readyz, its checks named `<service>.<check>` as `up` names them (else by the URL's host). */
async function readinessOf(urls: readonly string[]): Promise<{ from: string[]; checks: ServiceCheck[] }> {
  const from = urls.map((u) => `${u.replace(/\/+$/, "")}/readyz`);
  const answers = await Promise.all(
    from.map(async (url): Promise<ServiceCheck[]> => {
      const host = new URL(url).host;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        const body = (await response.json()) as { checks?: Record<string, { ready: boolean; detail?: string }> };
        return Object.entries(body.checks ?? {}).map(([name, c]) => {
          const dot = name.indexOf(".");
          return {
            service: dot > 0 ? name.slice(0, dot) : host,
            check: dot > 0 ? name.slice(dot + 1) : name,
            ready: c.ready,
            detail: c.detail ?? null,
          };
        });
      } catch (error) {
        return [{ service: host, check: "reachable", ready: false, detail: `${url}: ${(error as Error).message}` }];
      }
    }),
  );
  return { from, checks: answers.flat() };
}
