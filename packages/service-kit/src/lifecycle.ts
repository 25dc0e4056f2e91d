import type { Logger } from "pino";
import { applyServiceV8Flags } from "./node-options.ts";

/**
 * Runs `stop` once on SIGTERM or SIGINT and exits 0 when it finishes; a second signal, or
 * a stop that outlasts `graceMs`, exits 1 rather than hanging an orchestrator.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, graceMs = 30_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "stopping");
    const timer = setTimeout(() => {
      logger.error({ graceMs }, "stop took too long: exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    stop().then(
      () => {
        logger.info("stopped cleanly");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * The entry point wrapper: sets the services' V8 flags, and an error that escapes `main` is
 * logged and exits 1. Process warnings go through the logger too, as JSON; kafkajs' harmless
 * negative-timeout warning on Node 24 (its request queue schedules slightly in the past) is
 * demoted to debug.
 */
export function runMain(logger: Logger, main: () => Promise<void>): void {
  applyServiceV8Flags();
  routeProcessWarnings(
    (warning) => logger.warn({ warning: warning.message, name: warning.name }, "process warning"),
    (warning) => logger.debug({ warning: warning.message }, "process warning"),
  );
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, "fatal error");
    process.exit(1);
  });
}

/**
 * Replaces Node's default warning printer: `report` gets every process warning except
 * kafkajs' TimeoutNegativeWarning on Node 24 (its request queue schedules timers slightly
 * in the past; harmless), which goes to `ignored`, if given. One place for every entry point
 * (services, CLI, benchmarks).
 */
export function routeProcessWarnings(
  report: (warning: Error) => void,
  ignored: (warning: Error) => void = () => {},
): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => (warning.name === "TimeoutNegativeWarning" ? ignored(warning) : report(warning)));
}
