import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { envSchema as analyzerEnvSchema, type RunningAnalyzer, startAnalyzerService } from "@hr-radar/analyzer";
import { envSchema as apiEnvSchema, startApiServer } from "@hr-radar/api";
import { envSchema as connectEnvSchema, type RunningConnect, startConnectService } from "@hr-radar/connect";
import { DEFAULT_TOPICS } from "@hr-radar/events";
import { envSchema as headcountEnvSchema, headcountHandler } from "@hr-radar/ingest-headcount";
import { type RunningService, startIngestService } from "@hr-radar/ingest-runner";
import { ticketHandler, envSchema as ticketsEnvSchema } from "@hr-radar/ingest-tickets";
import {
  dockerAnswers,
  dropDatabase,
  prepareDatabase,
  prepareTopics,
  redactUrl,
  type Started,
  startKafka,
  startPostgres,
  withDatabase,
} from "@hr-radar/local-stack";
import { CombinedRegistry, combineHealth, parseEnv, processRegistry } from "@hr-radar/service-kit";
import pino, { type Logger } from "pino";
import type { z } from "zod";
import { removeStackFile, type StackFile, writeStackFile } from "./config.ts";
import { CliError } from "./errors.ts";

/** What `up` and `demo` start. */
export interface StackOptions {
  dataDir: string;
  host: string;
  apiPort: number;
  /** The connector service's webhooks (and its ops endpoints); 0: any free port. */
  connectPort: number;
  kafkaPort: number;
  pgPort: number;
  database: string;
  topics: { headcount: string; tickets: string; alerts: string };
  groupPrefix: string;
  partitions: number;
  analyzerCron: string;
  logLevel: string;
  /** Progress lines for the person at the terminal. */
  say: (line: string) => void;
  /**
   * Drop the database and delete the topics first (the demo starts from nothing). Always
   * a database of its own: with DATABASE_URL set, `database` on that server, never the
   * URL's own database.
   */
  fresh?: boolean;
  /** Analyzer settings that win over the environment (the demo's digest subscriptions and SMTP catcher). */
  analyzerEnv?: Record<string, string>;
  /** Run the digest schedule on its own (default true); the demo sends its digests itself once analysed. */
  digestSchedule?: boolean;
}

/** The whole pipeline in this process. */
export interface Stack {
  kafkaBrokers: string;
  databaseUrl: string;
  apiUrl: string;
  /** Where vendors deliver webhooks: `${connectUrl}/hooks/<connection>`. */
  connectUrl: string;
  logFile: string;
  analyzer: RunningAnalyzer;
  connect: RunningConnect;
  /** Settles if a service stops on its own; the CLI then stops the rest and exits 1. */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

/** Topics and groups of a stack: the defaults for `up`, a prefixed set for the demo. */
export function stackTopics(prefix = ""): StackOptions["topics"] {
  return {
    headcount: `${prefix}${DEFAULT_TOPICS.headcount}`,
    tickets: `${prefix}${DEFAULT_TOPICS.tickets}`,
    alerts: `${prefix}${DEFAULT_TOPICS.alerts}`,
  };
}

/**
 * Provisions Kafka and Postgres (environment URLs, else Docker, else native processes with
 * their data kept in `dataDir`), migrates the database, creates the topics, then starts
 * both ingest services, the analyzer and the API in this process. Service logs go to a
 * file (JSON), so the terminal shows only what the person needs.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  const started: Started[] = [];
  const running: { name: string; stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const r of running.reverse()) await r.stop().catch(() => {});
    for (const s of started.reverse()) await s.stop().catch(() => {});
  };
  try {
    const forced = process.env.HR_RADAR_INFRA;
    const needInfra = !process.env.KAFKA_BROKERS || !process.env.DATABASE_URL;
    const useDocker =
      forced === "docker" || (forced !== "native" && forced !== "env" && needInfra && (await dockerAnswers()));
    if (forced === "env" && needInfra) throw new CliError("HR_RADAR_INFRA=env needs KAFKA_BROKERS and DATABASE_URL", 2);
    o.say(
      process.env.KAFKA_BROKERS
        ? `kafka: ${process.env.KAFKA_BROKERS} (from KAFKA_BROKERS)`
        : useDocker
          ? "kafka: starting a container"
          : `kafka: starting a KRaft broker on ${o.host}:${o.kafkaPort} (first run fetches it from Maven Central)`,
    );
    const kafka = await startKafka(useDocker, { kind: "kept", dir: join(o.dataDir, "kafka"), port: o.kafkaPort });
    started.push(kafka);
    o.say(
      process.env.DATABASE_URL
        ? "postgres: from DATABASE_URL"
        : useDocker
          ? "postgres: starting a container"
          : `postgres: starting a cluster on ${o.host}:${o.pgPort}`,
    );
    const pg = await startPostgres(useDocker, { kind: "kept", dir: join(o.dataDir, "postgres"), port: o.pgPort });
    started.push(pg);
    const databaseUrl =
      process.env.DATABASE_URL && !o.fresh
        ? process.env.DATABASE_URL
        : withDatabase(process.env.DATABASE_URL ?? pg.url, o.database);
    const brokers = kafka.url.split(",");
    if (o.fresh) await resetDemo(brokers, databaseUrl, o.topics);
    await prepareDatabase(databaseUrl);
    await prepareTopics(brokers, o.partitions, Object.values(o.topics));
    o.say(
      `ready: kafka ${kafka.url} (${kafka.how}), postgres ${redactUrl(databaseUrl)} (${pg.how}), migrated, topics ${Object.values(o.topics).join(", ")}`,
    );

    const logFile = join(o.dataDir, "logs", "hr-radar.log");
    await mkdir(join(o.dataDir, "logs"), { recursive: true });
    const root = pino(
      { level: o.logLevel, base: null, timestamp: pino.stdTimeFunctions.isoTime },
      pino.destination({ dest: logFile, append: true, sync: false }),
    );
    const common = {
      ...process.env,
      KAFKA_BROKERS: kafka.url,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: o.logLevel,
      OPS_PORT: "off",
    };

    const employeeKeySecret = process.env.EMPLOYEE_KEY_SECRET ?? (await localSecret(o.dataDir, o.say));
    const headcountEnv = serviceEnv("ingest-headcount", headcountEnvSchema, {
      ...common,
      HEADCOUNT_TOPIC: o.topics.headcount,
      CONSUMER_GROUP: `${o.groupPrefix}ingest-headcount`,
      EMPLOYEE_KEY_SECRET: employeeKeySecret,
    });
    const connectEnv = serviceEnv("connect", connectEnvSchema, {
      ...common,
      HEADCOUNT_TOPIC: o.topics.headcount,
      TICKETS_TOPIC: o.topics.tickets,
      EMPLOYEE_KEY_SECRET: employeeKeySecret,
      CONNECT_PORT: String(o.connectPort),
      CONNECT_HOST: o.host,
    });
    const ticketsEnv = serviceEnv("ingest-tickets", ticketsEnvSchema, {
      ...common,
      TICKETS_TOPIC: o.topics.tickets,
      CONSUMER_GROUP: `${o.groupPrefix}ingest-tickets`,
    });
    const analyzerEnv = serviceEnv("analyzer", analyzerEnvSchema, {
      ...common,
      ALERTS_TOPIC: o.topics.alerts,
      ANALYZER_CRON: process.env.ANALYZER_CRON ?? o.analyzerCron,
      DIGEST_DASHBOARD_URL: process.env.DIGEST_DASHBOARD_URL ?? `http://${o.host}:${o.apiPort}/dashboard/`,
      ...o.analyzerEnv,
    });

    const headcount = await startIngestService(
      {
        name: "ingest-headcount",
        family: "headcount",
        topic: o.topics.headcount,
        env: headcountEnv,
        handler: headcountHandler(headcountEnv.EMPLOYEE_KEY_SECRET),
      },
      root.child({ service: "ingest-headcount" }),
    );
    running.push({ name: "ingest-headcount", stop: () => headcount.stop() });
    const tickets = await startIngestService(
      { name: "ingest-tickets", family: "tickets", topic: o.topics.tickets, env: ticketsEnv, handler: ticketHandler },
      root.child({ service: "ingest-tickets" }),
    );
    running.push({ name: "ingest-tickets", stop: () => tickets.stop() });
    const analyzer = await startAnalyzerService(analyzerEnv, root.child({ service: "analyzer" }), {
      digestSchedule: o.digestSchedule ?? true,
    });
    running.push({ name: "analyzer", stop: () => analyzer.stop() });
    const connect = await startConnectService(connectEnv, root.child({ service: "connect" }));
    running.push({ name: "connect", stop: () => connect.stop() });

    const services: Record<string, RunningService | RunningAnalyzer | RunningConnect> = {
      "ingest-headcount": headcount,
      "ingest-tickets": tickets,
      analyzer,
      connect,
    };
    const registry = new CombinedRegistry([...Object.values(services).map((s) => s.ops.registry), processRegistry()]);
    registry.setDefaultLabels({ service: "api" });
    const apiEnv = serviceEnv("api", apiEnvSchema, { ...common, API_PORT: String(o.apiPort), API_HOST: o.host });
    const api = await startApiServer({
      databaseUrl,
      host: o.host,
      port: o.apiPort,
      logger: root.child({ service: "api" }),
      authFailuresPerMinute: apiEnv.API_AUTH_FAILURES_PER_MINUTE,
      corsOrigins: apiEnv.API_CORS_ORIGINS,
      ops: {
        health: combineHealth(Object.fromEntries(Object.entries(services).map(([n, s]) => [n, s.ops.health]))),
        registry,
      },
    });
    running.push({ name: "api", stop: () => api.close() });
    const stackFile: StackFile = {
      KAFKA_BROKERS: kafka.url,
      DATABASE_URL: databaseUrl,
      API_URL: api.url,
      CONNECT_URL: connect.url,
      HEADCOUNT_TOPIC: o.topics.headcount,
      TICKETS_TOPIC: o.topics.tickets,
      ALERTS_TOPIC: o.topics.alerts,
    };
    await writeStackFile(o.dataDir, stackFile);
    running.push({ name: "stack file", stop: () => removeStackFile(o.dataDir, stackFile) });
    return {
      kafkaBrokers: kafka.url,
      databaseUrl,
      apiUrl: api.url,
      connectUrl: connect.url,
      logFile,
      analyzer,
      connect,
      failed: Promise.race([headcount.failed, tickets.failed, analyzer.failed, connect.failed]),
      async stop() {
        await stopAll();
        root.flush();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Parses a service's settings as its own process would, naming the bad variable. */
function serviceEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const parsed = parseEnv(schema, env);
  if (!parsed.success) throw new CliError(`${service} config: ${parsed.error}`, 2);
  return parsed.data;
}

/**
 * EMPLOYEE_KEY_SECRET for a local stack: generated once and kept in the data dir, because a
 * secret that changed between runs would make yesterday's employees strangers today.
 */
async function localSecret(dataDir: string, say: (line: string) => void): Promise<string> {
  const path = join(dataDir, "employee-key-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  say(`EMPLOYEE_KEY_SECRET not set: generated a local one in ${path} (set your own in production)`);
  return secret;
}

/** The demo starts from nothing: its own database dropped, its own topics deleted. */
async function resetDemo(brokers: string[], databaseUrl: string, topics: StackOptions["topics"]): Promise<void> {
  await dropDatabase(databaseUrl, new URL(databaseUrl).pathname.slice(1));
  const { Kafka, logLevel } = await import("kafkajs");
  const kafkaAdmin = new Kafka({ clientId: "hr-radar-demo-reset", brokers, logLevel: logLevel.NOTHING }).admin();
  await kafkaAdmin.connect();
  try {
    const existing = new Set(await kafkaAdmin.listTopics());
    const doomed = Object.values(topics)
      .flatMap((t) => [t, `${t}.dlq`])
      .filter((t) => existing.has(t));
    if (doomed.length > 0) {
      await kafkaAdmin.deleteTopics({ topics: doomed, timeout: 30_000 });
      // deletion is asynchronous on the broker: wait until the names are free again
      for (let i = 0; i < 100 && (await kafkaAdmin.listTopics()).some((t) => doomed.includes(t)); i++)
        await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await kafkaAdmin.disconnect();
  }
}

export type { Logger };
