import { routeProcessWarnings } from "@hr-radar/service-kit/lifecycle";

/**
 * Runs a benchmark program's `main` and exits with its code. The first SIGINT/SIGTERM
 * aborts `main`'s signal, so it stops its processes and infrastructure (exit 130); a second
 * one exits at once without cleaning up.
 */
export function runBenchmark(
  main: (signal: AbortSignal) => Promise<number>,
  progress: (message: string) => void,
  stopping: string,
): void {
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      progress(`second ${signal}: exiting without cleaning up`);
      process.exit(130);
    }
    interrupted = true;
    progress(`${signal}: stopping ${stopping} (Ctrl-C again to exit at once)`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  routeProcessWarnings((warning) => process.stderr.write(`${warning.name}: ${warning.message}\n`));

  main(controller.signal).then(
    (code) => process.exit(interrupted ? 130 : code),
    (error: unknown) => {
      console.error(interrupted ? "benchmark interrupted" : error);
      process.exit(interrupted ? 130 : 1);
    },
  );
}
