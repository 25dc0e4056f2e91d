// The connector service under test: its own process (as in production) against a test's
// own topics and database, and the `hr-radar connect` commands pointed at the same.
import { inject } from "vitest";
import { type CliRun, runCli } from "./cli.ts";
import type { LogLine } from "./service-process.ts";
import { type ServiceProcess, spawnService, TEST_EMPLOYEE_KEY_SECRET } from "./services.ts";

/** Where a test's connector reads and writes. */
export interface ConnectTarget {
  databaseUrl: string;
  headcountTopic: string;
  /** Defaults to a topic nobody reads (HRIS tests need none). */
  ticketsTopic?: string;
}

/** A running connector service. */
export interface ConnectUnderTest {
  process: ServiceProcess;
  /** `${url}/hooks/<connection>` receives webhooks. */
  url: string;
  /** The environment it was started with (secrets included). */
  env: Record<string, string>;
  /** Resolves with the summary log line of the next finished pass that matches. */
  waitForRun(match: { connectionId: string; run?: string }, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** The environment the service and the CLI share for a target. */
export function connectEnv(target: ConnectTarget, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: inject("kafkaBrokers"),
    DATABASE_URL: target.databaseUrl,
    EMPLOYEE_KEY_SECRET: TEST_EMPLOYEE_KEY_SECRET,
    HEADCOUNT_TOPIC: target.headcountTopic,
    TICKETS_TOPIC: target.ticketsTopic ?? `${target.headcountTopic}.unused-tickets`,
    ...extra,
  };
}

/**
 * Spawns `services/connect` on a free port, re-reading connections every 300 ms (so a
 * `connect add` is picked up at once); `env` adds the connections' secrets and any
 * setting (e.g. HR_RADAR_FAILPOINT). Killed when the test ends.
 */
export async function startConnect(target: ConnectTarget, env: Record<string, string> = {}): Promise<ConnectUnderTest> {
  const fullEnv = connectEnv(target, { CONNECT_PORT: "0", CONNECT_RELOAD_MS: "300", LOG_LEVEL: "info", ...env });
  const service = spawnService("connect", fullEnv);
  const listening = await service.waitForLog((l) => l.msg === "connect listening", 30_000);
  let seen = service.logs.length;
  return {
    process: service,
    url: String(listening.url),
    env: fullEnv,
    async waitForRun(match, timeoutMs = 60_000) {
      const from = seen;
      const fits = (l: LogLine) =>
        l.msg === "connector run finished" &&
        l.connectionId === match.connectionId &&
        (match.run === undefined || l.run === match.run);
      const line = await service.waitForLog((l) => service.logs.indexOf(l) >= from && fits(l), timeoutMs);
      seen = service.logs.indexOf(line) + 1;
      return line;
    },
    async stop() {
      service.signal("SIGTERM");
      await service.exited;
    },
  };
}

/** Runs `hr-radar connect <args>` against the target (the same settings as the service). */
export function connectCli(target: ConnectTarget, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(["connect", ...args], connectEnv(target, env));
}
