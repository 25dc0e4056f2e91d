// The fault suite's service processes: each service runs as its own Node process (as in
// production) with its JSON log captured and its resident memory sampled from /proc; a
// supervisor restarts it the way docker compose `restart: unless-stopped` or systemd
// would; its /readyz is watched. Nothing here depends on vitest, so the CLI (run.ts) and
// the CI tests drive the same code.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../..");

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

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
  const keep = process.env.FAULTS_LOG_DIR
    ? createWriteStream(join(process.env.FAULTS_LOG_DIR, `${name}-${child.pid}.log`))
    : null;
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
        const timer = setTimeout(
          () => fail(new Error(`${name}: no such log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)),
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

/** How a service's readiness endpoint answered over time: one entry per change. */
export interface ReadinessWatch {
  transitions: { at: number; state: string }[];
  /** True when the endpoint ever answered (the service has an ops server). */
  answered(): boolean;
  /** Resolves once the latest answer is `state`, or after `withinMs` regardless (the caller checks). */
  until(state: string, withinMs: number): Promise<void>;
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
    until: async (state, withinMs) => {
      const deadline = Date.now() + withinMs;
      while (transitions.at(-1)?.state !== state && Date.now() < deadline && !stopped) await sleep(100);
    },
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * When a kafkajs consumer crashed, was scheduled to restart, and (re)joined its group,
 * from `from` on: what explains a readiness answer after a dependency outage.
 */
export function consumerLifecycle(logs: readonly LogLine[], from: number): string[] {
  const events: string[] = [];
  for (const line of logs) {
    const at = Date.parse(String(line.time));
    const msg = String(line.msg ?? "");
    if (!(at >= from) || !/^(Crash: |Restarting the consumer|partitions assigned$)|re-joining the group/.test(msg))
      continue;
    events.push(`${msg.slice(0, 60)} at ${((at - from) / 1000).toFixed(1)} s`);
  }
  return events;
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
