// Each measured contender runs in a child process of its own, so its peak resident memory
// (the kernel's high-water mark, reported by the child itself) is its own and not the
// orchestrator's, which holds the whole generated load.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { SERVICE_NODE_OPTIONS } from "@hr-radar/service-kit/node-options";

/** What every contender reports. */
export interface ContenderResult {
  label: string;
  /** Events (or organisations, for the analyzer) handled. */
  records: number;
  /** The measured interval: first fetch (or start of work) to the last row committed. */
  seconds: number;
  /** Process start to end of work, connection and group join included. */
  totalSeconds: number;
  /** Peak resident set of the child process, MiB (VmHWM). */
  maxRssMb: number;
  /** Contender-specific numbers (chunk latency, rows copied, ...). */
  details: Record<string, number | string>;
}

const CHILD = resolve(import.meta.dirname, "contender.ts");
const RESULT_PREFIX = "BENCH_RESULT ";

/** Runs `kind` with `spec` in a child node process and returns what it reported. */
export async function runChild(
  kind: string,
  spec: unknown,
  signal: AbortSignal,
  nodeArgs: readonly string[] = [],
): Promise<ContenderResult> {
  // Every contender runs with the services' Node options (as the image sets them), then
  // BENCH_CHILD_NODE_ARGS, to measure another setting before shipping it; the orchestrator,
  // which holds the whole load, keeps its own.
  const extra = (process.env.BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
  const child = spawn(process.execPath, [...SERVICE_NODE_OPTIONS.split(" "), ...extra, ...nodeArgs, CHILD, kind], {
    env: { ...process.env, BENCH_SPEC: JSON.stringify(spec) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const onAbort = () => child.kill("SIGTERM");
  signal.addEventListener("abort", onAbort, { once: true });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("exit", (exitCode) => done(exitCode));
  });
  signal.removeEventListener("abort", onAbort);
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || line === undefined)
    throw new Error(`contender ${kind} exited with ${code}${line === undefined ? " without a result" : ""}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ContenderResult;
}

/**
 * Called by the child: prints the result with the process' peak RSS, then exits. A contender
 * whose work runs in a process of its own (the Connect worker) reports that one's peak
 * instead; the child's own then goes into the details as `childRssMb`.
 */
export async function reportAndExit(result: Omit<ContenderResult, "maxRssMb"> & { maxRssMb?: number }): Promise<never> {
  // VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across fork and exec, so a
  // child would report the orchestrator's (large) peak instead of its own.
  const status = await readFile("/proc/self/status", "utf8").catch(() => "");
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  const ownRssMb = (hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024;
  const cpu = process.cpuUsage();
  const details = { ...result.details, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  const reported: ContenderResult =
    result.maxRssMb === undefined
      ? { ...result, details, maxRssMb: ownRssMb }
      : { ...result, maxRssMb: result.maxRssMb, details: { ...details, childRssMb: ownRssMb } };
  await new Promise<void>((done) =>
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(reported)}\n`, () => done()),
  );
  process.exit(0);
}
