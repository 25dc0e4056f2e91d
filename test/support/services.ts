import { spawn } from "node:child_process";
import { resolve } from "node:path";
import type { DatabaseClient } from "@hr-radar/db";
import type { EventFamily } from "@hr-radar/events";
import { headcountHandler } from "@hr-radar/ingest-headcount";
import { createIngestRunner, type IngestHandler, type IngestRunner } from "@hr-radar/ingest-runner";
import { ticketHandler } from "@hr-radar/ingest-tickets";
import { createKafka } from "@hr-radar/service-kit";
import { createTrendRefresher } from "@hr-radar/trends";
import pino from "pino";
import { inject, onTestFinished } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");

/** The secret the tests pseudonymise employee ids with. */
export const TEST_EMPLOYEE_KEY_SECRET = "test-secret-0123456789abcdef";

const handlers: Record<EventFamily, IngestHandler> = {
  headcount: headcountHandler(TEST_EMPLOYEE_KEY_SECRET),
  tickets: ticketHandler,
};

/** Options for an in-process ingest runner. */
export interface IngestUnderTest {
  family: EventFamily;
  topic: string;
  groupId: string;
  database: DatabaseClient;
  maxRecordBytes?: number;
  maxChunkSize?: number;
}

/**
 * Runs the real ingest runner and handler, and a trend refresher, in the test process, as
 * an ingest service does, against the test broker and database (stopped when the test
 * ends). Logs go nowhere unless TEST_LOG_LEVEL is set.
 */
export async function startIngest(options: IngestUnderTest): Promise<IngestRunner> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
  const runner = createIngestRunner({
    kafka: createKafka({ brokers: inject("kafkaBrokers").split(","), clientId: `test-${options.groupId}`, logger }),
    database: options.database,
    logger,
    topic: options.topic,
    groupId: options.groupId,
    family: options.family,
    handler: handlers[options.family],
    maxRecordBytes: options.maxRecordBytes ?? 64 * 1024,
    maxChunkSize: options.maxChunkSize ?? 200,
    concurrency: 2,
    maxWaitTimeMs: 500,
  });
  await runner.start();
  const refresher = createTrendRefresher({
    db: options.database.db,
    logger,
    batchSize: 500,
    idleMs: 100,
    ingestBusy: runner.busy,
  });
  onTestFinished(async () => {
    await runner.stop();
    await refresher.stop();
  });
  return runner;
}

/** A service started as its own Node process, as in production. */
export interface ServiceProcess {
  /** JSON log lines written so far. */
  logs: Record<string, unknown>[];
  /** Everything written to stderr. */
  stderr(): string;
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals>;
  signal(signal: NodeJS.Signals): void;
}

/** Spawns `services/<name>/src/main.ts [args]` with `env` added to a minimal environment. */
export function spawnService(name: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
  const child = spawn(process.execPath, [resolve(repoRoot, `services/${name}/src/main.ts`), ...args], {
    cwd: repoRoot,
    // OPS_PORT=0: any free port, so parallel tests never fight over the default ones
    env: { PATH: process.env.PATH ?? "", LOG_FORMAT: "json", OPS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  let buffered = "";
  const waiters: { predicate: (l: Record<string, unknown>) => boolean; done: (l: Record<string, unknown>) => void }[] =
    [];
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const text of lines) {
      if (!text.trim()) continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const w of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(line);
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((done) =>
    child.on("exit", (code, signal) => done(code ?? signal!)),
  );
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return {
    logs,
    stderr: () => stderr,
    exited,
    signal: (signal) => child.kill(signal),
    waitForLog(predicate, timeoutMs = 60_000) {
      const seen = logs.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no such log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)),
          timeoutMs,
        );
        waiters.push({
          predicate,
          done: (l) => {
            clearTimeout(timer);
            done(l);
          },
        });
        void exited.then((code) =>
          fail(new Error(`${name} exited (${code}) before the log line; stderr: ${stderr.slice(-2000)}`)),
        );
      });
    },
  };
}
