// The fault suite's machinery: services as separate Node processes (as in production),
// a supervisor that restarts them the way docker compose `restart: unless-stopped` or
// systemd would, resident-memory sampling from /proc, a Kafka broker and a Postgres
// cluster that can be stopped and started again on the same data, and databases and
// topics of a scenario's own. Nothing here depends on vitest, so the CLI (run.ts) and
// the CI test (faults.test.ts) drive the same code.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { migrateDatabase } from "@hr-radar/db";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import postgres from "postgres";
import { freePort } from "../support/infra.ts";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../..");

/** Where a scenario finds Kafka and Postgres. */
export interface FaultInfra {
  /** host:port list of a broker the scenario may create topics on. */
  kafkaBrokers: string;
  /** A Postgres server URL the scenario may create databases on. */
  postgresUrl: string;
  /** A migrated database to clone from (faster than migrating), if there is one. */
  templateDatabase?: string;
}

/** A short random suffix for a scenario's own topics, groups and databases. */
export const suffix = (): string => randomUUID().slice(0, 8);

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Things to undo when a scenario ends, last first. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];
  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`faults: cleanup failed: ${String(error)}\n`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Processes

/** One JSON log line of a service. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number; time?: string };

/** A service started as its own Node process. */
export interface ServiceProcess {
  name: string;
  pid: number;
  /** JSON log lines written so far (stdout). */
  logs: LogLine[];
  /** Everything written to stdout and stderr, as text (scanned for personal data). */
  output(): string;
  stderr(): string;
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  running(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** Peak resident memory seen so far, in MiB (VmHWM, sampled from /proc while it runs). */
  peakRssMb(): number;
  /** Resident memory now, in MiB (VmRSS); 0 once it has exited. */
  rssMb(): number;
}

/** Spawns `services/<name>/src/main.ts [args]` with `env` added to a minimal environment. */
export function spawnServiceProcess(name: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, [resolve(repoRoot, `services/${name}/src/main.ts`), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  // FAULTS_LOG_DIR=<dir> keeps every process's output in <dir>/<service>-<pid>.log
  const keep = process.env.FAULTS_LOG_DIR ? createWriteStream(join(process.env.FAULTS_LOG_DIR, `${name}-${child.pid}.log`)) : null;
  let output = "";
  let stderr = "";
  let buffered = "";
  let peakKb = 0;
  const waiters: { predicate: (l: LogLine) => boolean; done: (l: LogLine) => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    keep?.write(text);
    buffered += text;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const raw of lines) {
      if (!raw.trim()) continue;
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        line = { msg: raw };
      }
      logs.push(line);
      for (const w of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
    keep?.write(chunk);
  });
  const sampleRss = () => {
    if (child.pid === undefined) return;
    const kb = residentPeakKb(child.pid);
    if (kb !== null) peakKb = Math.max(peakKb, kb);
  };
  const sampler = setInterval(sampleRss, 200);
  sampler.unref();
  let alive = true;
  const exited = new Promise<number | NodeJS.Signals>((done) =>
    child.on("exit", (code, signal) => {
      alive = false;
      clearInterval(sampler);
      done(code ?? signal!);
    }),
  );
  return {
    name,
    pid: child.pid ?? -1,
    logs,
    output: () => output,
    stderr: () => stderr,
    exited,
    running: () => alive,
    signal: (signal) => {
      if (alive) child.kill(signal);
    },
    peakRssMb: () => {
      if (alive) sampleRss();
      return Math.round(peakKb / 1024);
    },
    rssMb: () => Math.round((child.pid === undefined ? 0 : (residentKb(child.pid, "VmRSS") ?? 0)) / 1024),
    waitForLog(predicate, timeoutMs = 60_000) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`${name}: no such log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ predicate, done: (l) => (clearTimeout(timer), done(l)) });
        void exited.then((code) => fail(new Error(`${name} exited (${code}) before the log line; stderr: ${stderr.slice(-2000)}`)));
      });
    },
  };
}

/** VmHWM (peak resident set) of a live process, in kB; null once it is gone. */
export function residentPeakKb(pid: number): number | null {
  return residentKb(pid, "VmHWM");
}

/** A resident-memory field of /proc/<pid>/status, in kB; null once the process is gone. */
function residentKb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** A service kept running by a supervisor: every exit (crash, SIGKILL) is followed by a restart. */
export interface Supervised {
  current(): ServiceProcess;
  /** Every process started so far, the current one last. */
  incarnations: ServiceProcess[];
  /** Exits that were followed by a restart, with their codes or signals. */
  exits: (number | NodeJS.Signals)[];
  /** Waits until the current process is up (its `ready` log line), e.g. after a restart. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, no restart; resolves with the last exit. */
  stop(): Promise<number | NodeJS.Signals>;
  peakRssMb(): number;
  logs(): LogLine[];
  output(): string;
}

/** How to run one supervised service. */
export interface SupervisorSpec {
  name: string;
  /** The environment of the n-th incarnation (0 = first start). */
  env: (incarnation: number) => Record<string, string>;
  args?: string[];
  /** The log line that says a process is up. */
  readyWhen: (line: LogLine) => boolean;
  /** Pause before a restart, as a supervisor's back-off would. */
  restartDelayMs?: number;
}

/**
 * The test as the supervisor: restarts the service whenever it exits until `stop()`.
 * The services are built for this: a fatal error exits non-zero, and the state that
 * matters (offsets, event ledger, outbox) is in Postgres, not in the process.
 */
export function supervise(spec: SupervisorSpec): Supervised {
  const incarnations: ServiceProcess[] = [];
  const exits: (number | NodeJS.Signals)[] = [];
  let stopping = false;
  const start = () => {
    const child = spawnServiceProcess(spec.name, spec.env(incarnations.length), spec.args);
    incarnations.push(child);
    void child.exited.then(async (code) => {
      if (stopping) return;
      exits.push(code);
      await sleep(spec.restartDelayMs ?? 100);
      if (!stopping) start();
    });
  };
  start();
  const current = () => incarnations.at(-1)!;
  return {
    current,
    incarnations,
    exits,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const child = current();
        if (!child.running()) {
          // dead and not replaced yet: its old "ready" line says nothing about now
          while (current() === child && Date.now() < deadline) await sleep(50);
          if (Date.now() >= deadline) throw new Error(`${spec.name}: not restarted within ${timeoutMs} ms`);
          continue;
        }
        try {
          await child.waitForLog(spec.readyWhen, Math.max(1, deadline - Date.now()));
          return;
        } catch (error) {
          // the process died before it was ready: wait for the next incarnation
          if (Date.now() >= deadline) throw error;
          while (current() === child && Date.now() < deadline) await sleep(50);
        }
      }
    },
    async stop() {
      stopping = true;
      const child = current();
      child.signal("SIGTERM");
      const timer = setTimeout(() => child.signal("SIGKILL"), 40_000);
      const code = await child.exited;
      clearTimeout(timer);
      return code;
    },
    peakRssMb: () => Math.max(0, ...incarnations.map((c) => c.peakRssMb())),
    logs: () => incarnations.flatMap((c) => c.logs),
    output: () => incarnations.map((c) => c.output()).join(""),
  };
}

/** The ingest services' "up" line: the consumer has joined the group and got partitions. */
export const ingestReady = (line: LogLine): boolean => line.msg === "partitions assigned" || line.msg === "consuming";

// ---------------------------------------------------------------------------------------
// Infra that can be stopped and started again

/** A broker or Postgres cluster of the scenario's own, restartable on the same data and port. */
export interface RestartableInfra {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

/**
 * Starts `infra/kafka/kafka.sh` or `infra/postgres/pg.sh` on a temp dir and free port.
 * `stop` / `start` keep the dir and port, as a redeploy of the broker or database would.
 */
export async function startRestartable(kind: "kafka" | "postgres"): Promise<RestartableInfra> {
  const script = join(repoRoot, kind === "kafka" ? "infra/kafka/kafka.sh" : "infra/postgres/pg.sh");
  const dir = await mkdtemp(join(tmpdir(), `hr-radar-faults-${kind}-`));
  const port = kind === "kafka" ? await freeKafkaPort() : await freePort();
  const timeout = kind === "kafka" ? 300_000 : 120_000;
  const start = async () => (await run("bash", [script, "start", "--dir", dir, "--port", String(port)], { timeout })).stdout.trim();
  const url = await start();
  return {
    url,
    stop: async () => void (await run("bash", [script, "stop", "--dir", dir], { timeout: 60_000 })),
    start: async () => void (await start()),
    destroy: async () => {
      await run("bash", [script, "stop", "--dir", dir], { timeout: 60_000 }).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The broker's controller listens on the next port, so both must be free. */
async function freeKafkaPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const next = await new Promise<boolean>((done) => {
      const server = createServer();
      server.once("error", () => done(false));
      server.listen(port + 1, "127.0.0.1", () => server.close(() => done(true)));
    });
    if (next) return port;
  }
}


// ---------------------------------------------------------------------------------------
// Databases and topics

/** A database of the scenario's own. */
export interface ScenarioDatabase {
  url: string;
  sql: postgres.Sql;
}

/** Creates a fresh migrated database (cloned from the template when there is one). */
export async function createScenarioDatabase(infra: FaultInfra, cleanups: Cleanups): Promise<ScenarioDatabase> {
  const name = `hr_faults_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(infra.postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"${infra.templateDatabase ? ` template "${infra.templateDatabase}"` : ""}`);
  } finally {
    await admin.end();
  }
  const url = new URL(infra.postgresUrl);
  url.pathname = `/${name}`;
  if (!infra.templateDatabase) await migrateDatabase(url.toString());
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  cleanups.add(async () => {
    await sql.end({ timeout: 5 });
    const drop = postgres(infra.postgresUrl, { max: 1, onnotice: () => {} });
    try {
      await drop.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await drop.end();
    }
  });
  return { url: url.toString(), sql };
}

/** A quiet kafkajs client for the scenario's own producing, admin and reading. */
export function scenarioKafka(brokers: string): Kafka {
  return new Kafka({ clientId: `hr-radar-faults-${suffix()}`, brokers: brokers.split(","), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/** Creates topics of the scenario's own (deleted with their DLQs at the end). */
export async function createTopics(kafka: Kafka, topics: string[], partitions: number, cleanups: Cleanups): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  cleanups.add(async () => {
    const a = kafka.admin();
    await a.connect();
    try {
      const existing = new Set(await a.listTopics());
      await a.deleteTopics({ topics: topics.flatMap((t) => [t, `${t}.dlq`]).filter((t) => existing.has(t)), timeout: 10_000 });
    } finally {
      await a.disconnect();
    }
  });
}

/** Records in a topic (the sum of its partitions' high watermarks; topics here start at 0). */
export async function topicRecords(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Sum of the offsets Postgres stores for a topic: how many of its records are applied. */
export async function appliedRecords(db: ScenarioDatabase, topic: string): Promise<number> {
  const [row] = await db.sql`select coalesce(sum(next_offset), 0)::bigint as n from consumer_offsets where topic = ${topic}`;
  return Number(row?.n ?? 0);
}

/**
 * Waits until every record of `topic` is applied (stored offsets = high watermarks), and
 * fails when nothing moves for `stallMs`.
 */
export async function waitUntilApplied(
  kafka: Kafka,
  db: ScenarioDatabase,
  topic: string,
  stallMs = 120_000,
  onProgress?: (applied: number, total: number) => void,
): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const [applied, total] = [await appliedRecords(db, topic), await topicRecords(kafka, topic)];
    onProgress?.(applied, total);
    if (applied === total) return;
    if (applied !== last) [last, movedAt] = [applied, Date.now()];
    if (Date.now() - movedAt > stallMs) throw new Error(`${topic}: stalled at ${applied} of ${total} records for ${stallMs} ms`);
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------
// Readiness

/** How a service's readiness endpoint answered over time: one entry per change. */
export interface ReadinessWatch {
  transitions: { at: number; state: string }[];
  /** True when the endpoint ever answered (the service has an ops server). */
  answered(): boolean;
  stop(): void;
}

/**
 * Polls `http://127.0.0.1:<port>/readyz` every 250 ms and records each change of answer:
 * the HTTP status, or "no answer" while nothing listens (process down or restarting).
 */
export function watchReadiness(port: number): ReadinessWatch {
  const transitions: { at: number; state: string }[] = [];
  let stopped = false;
  void (async () => {
    while (!stopped) {
      let state: string;
      try {
        // longer than a readiness check's own 2 s limit, so a slow check reads as its 503
        const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3_000) });
        state = String(response.status);
        await response.body?.cancel();
      } catch {
        state = "no answer";
      }
      if (transitions.at(-1)?.state !== state) transitions.push({ at: Date.now(), state });
      await sleep(250);
    }
  })();
  return {
    transitions,
    answered: () => transitions.some((t) => t.state !== "no answer"),
    stop: () => void (stopped = true),
  };
}

/** Distinct warning and error messages logged in [from, to], with how often each came. */
export function warningsBetween(logs: readonly LogLine[], from: number, to: number): string[] {
  const counts = new Map<string, number>();
  for (const line of logs) {
    const at = Date.parse(String(line.time));
    if (typeof line.level !== "number" || line.level < 40 || !(at >= from && at <= to)) continue;
    const key = `${line.level >= 50 ? "error" : "warn"}: ${String(line.msg ?? "").slice(0, 120)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([msg, n]) => `${n}× ${msg}`);
}

/** Every record of a topic, read from the beginning up to its current high watermarks. */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 120_000): Promise<KafkaMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let high: Map<number, bigint>;
  try {
    high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set([...high].filter(([, h]) => h > 0n).map(([p]) => p));
  const received: KafkaMessage[] = [];
  if (remaining.size === 0) return received;
  const consumer = kafka.consumer({ groupId: `faults-reader-${suffix()}`, maxBytesPerPartition: 8 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${topic}: read ${received.length} records, partitions ${[...remaining].join(",")} unfinished`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push(message);
          if (BigInt(message.offset) + 1n >= high.get(partition)!) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            done();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}
