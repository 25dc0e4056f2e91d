// The test as a supervisor: restarts a service process whenever it exits, the way docker
// compose `restart: unless-stopped` or systemd would.
import { type LogLine, type ServiceProcess, spawnServiceProcess } from "./service-process.ts";
import { sleep } from "./wait.ts";

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
