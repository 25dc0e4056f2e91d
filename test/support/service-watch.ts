// Watching a running service from outside: its /readyz answers over time, and what its
// log says about consumer restarts and warnings in a window.
import type { LogLine } from "./service-process.ts";
import { sleep } from "./wait.ts";

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
