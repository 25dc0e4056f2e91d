// Child-process entry of `pnpm bench`: runs one contender (argv[2]) with the spec in
// BENCH_SPEC and prints its result, peak RSS included, as one BENCH_RESULT line. Each
// contender's module is imported only when it runs, so a child's peak memory holds its own
// code and not every other contender's client library.
import { routeProcessWarnings } from "@hr-radar/service-kit/lifecycle";
import { applyServiceV8Flags } from "@hr-radar/service-kit/node-options";
import type { ContenderResult } from "./child.ts";
import { reportAndExit } from "./child.ts";
import type { AnalyzerSpec } from "./contenders/analyzer.ts";
import type { ApiLoadSpec } from "./contenders/api.ts";
import type { ClientSpec, ValidateSpec } from "./contenders/client.ts";
import type { ConnectSpec } from "./contenders/connect.ts";
import type { CopySpec } from "./contenders/copy.ts";
import type { IngestSpec } from "./contenders/ingest.ts";
import type { NaiveSpec } from "./contenders/naive.ts";

const controller = new AbortController();
process.on("SIGTERM", () => controller.abort());
process.on("SIGINT", () => controller.abort());
// as every service sets them on itself (runMain), so each contender is measured as they run
applyServiceV8Flags();
routeProcessWarnings((warning) => process.stderr.write(`${warning.name}: ${warning.message}\n`));

type Result = Omit<ContenderResult, "maxRssMb"> & { maxRssMb?: number };
const kind = process.argv[2];
const spec = JSON.parse(process.env.BENCH_SPEC ?? "{}") as unknown;
const { signal } = controller;
const run: (() => Promise<Result>) | undefined = {
  ingest: async () => (await import("./contenders/ingest.ts")).runIngest(spec as IngestSpec, signal),
  kafkajs: async () => (await import("./contenders/client.ts")).runKafkajsEmpty(spec as ClientSpec, signal),
  platformatic: async () => (await import("./contenders/client.ts")).runPlatformaticEmpty(spec as ClientSpec, signal),
  validate: async () => (await import("./contenders/client.ts")).runKafkajsValidate(spec as ValidateSpec, signal),
  naive: async () => (await import("./contenders/naive.ts")).runNaive(spec as NaiveSpec, signal),
  copy: async () => (await import("./contenders/copy.ts")).runCopy(spec as CopySpec),
  connect: async () => (await import("./contenders/connect.ts")).runConnect(spec as ConnectSpec, signal),
  analyzer: async () => (await import("./contenders/analyzer.ts")).runAnalyzer(spec as AnalyzerSpec),
  api: async () => (await import("./contenders/api.ts")).runApiLoad(spec as ApiLoadSpec),
}[kind ?? ""];
if (run === undefined) {
  process.stderr.write(`unknown contender '${kind}'\n`);
  process.exit(2);
}
run().then(reportAndExit, (error: unknown) => {
  process.stderr.write(
    `contender ${kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
