import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { onTestFinished } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");
const main = resolve(repoRoot, "packages/cli/src/main.ts");

/** What a finished CLI run printed, and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a CLI run sees: only PATH and what the test passes, plus an empty data
 * dir, so no stack file of a developer's own `hr-radar up` can leak into a test.
 */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const dataDir = mkdtempSync(join(tmpdir(), "hr-radar-cli-"));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  return { PATH: process.env.PATH ?? "", HR_RADAR_DATA_DIR: dataDir, ...env };
}

/** Runs `hr-radar <args>` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [main, ...args],
      { cwd: repoRoot, env: cliEnv(env), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running CLI command (`up`, `demo`), stopped with SIGTERM when the test ends. */
export interface CliProcess {
  output(): { stdout: string; stderr: string };
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | NodeJS.Signals>;
  signal(signal: NodeJS.Signals): void;
}

export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: repoRoot,
    env: cliEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((done) =>
    child.once("exit", (code, signal) => done(code ?? signal ?? 1)),
  );
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  });
  return {
    output: () => ({ stdout, stderr }),
    exited,
    signal: (signal) => void child.kill(signal),
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (stdout + stderr).match(pattern);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before printing ${pattern}:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
