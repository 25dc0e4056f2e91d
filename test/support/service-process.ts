// A service run as its own Node process (as in production), with its JSON log captured
// and its resident memory sampled from /proc: what the integration tests (through
// services.ts), the fault suite and its supervisor (supervisor.ts) start. Nothing here
// depends on vitest, so the fault suite's CLI and the CI tests drive the same code.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../..");

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
function residentPeakKb(pid: number): number | null {
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
