import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

// Debian's `prometheus` package's promtool; infra/toolchain.sh installs it when run as root
// with apt (as CI does), the same path that installs Chromium for the dashboard test.
const PROMTOOL = "/usr/bin/promtool";

/**
 * Why promtool cannot run here, or null when it can (or must: as root with apt a missing
 * promtool is a set-up failure, not a reason to skip, so CI never skips silently).
 */
export function promtoolUnavailable(): string | null {
  if (existsSync(PROMTOOL)) return null;
  const root = process.getuid?.() === 0;
  let apt = false;
  try {
    execFileSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" });
    apt = true;
  } catch {}
  if (root && apt) return null;
  return `${PROMTOOL} is missing and cannot be installed here (${root ? "no apt-get" : "not root"}): install Debian's prometheus package (apt-get install --no-install-recommends prometheus)`;
}

/** `promtool check metrics` over a Prometheus exposition: its exit code and what it said. */
export function promtoolCheckMetrics(exposition: string): Promise<{ code: number; output: string }> {
  if (!existsSync(PROMTOOL))
    throw new Error(`${PROMTOOL} is missing: run infra/toolchain.sh as root (it installs Debian's prometheus package)`);
  return new Promise((done, fail) => {
    const child = spawn(PROMTOOL, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", fail);
    child.once("exit", (code) => done({ code: code ?? 1, output }));
    child.stdin.end(exposition);
  });
}
