// Child-process entry of `pnpm bench`: runs one contender (argv[2]) with the spec in
// BENCH_SPEC and prints its result, peak RSS included, as one BENCH_RESULT line.
import { routeProcessWarnings } from "@hr-radar/service-kit/lifecycle";
import { reportAndExit } from "./child.ts";
import { type AnalyzerSpec, runAnalyzer } from "./contenders/analyzer.ts";
import { type ApiLoadSpec, runApiLoad } from "./contenders/api.ts";
import {
  type ClientSpec,
  runKafkajsEmpty,
  runKafkajsValidate,
  runPlatformaticEmpty,
  type ValidateSpec,
} from "./contenders/client.ts";
import { type ConnectSpec, runConnect } from "./contenders/connect.ts";
import { type CopySpec, runCopy } from "./contenders/copy.ts";
import { type IngestSpec, runIngest } from "./contenders/ingest.ts";
import { type NaiveSpec, runNaive } from "./contenders/naive.ts";

const controller = new AbortController();
process.on("SIGTERM", () => controller.abort());
process.on("SIGINT", () => controller.abort());
routeProcessWarnings((warning) => process.stderr.write(`${warning.name}: ${warning.message}\n`));

const kind = process.argv[2];
const spec = JSON.parse(process.env.BENCH_SPEC ?? "{}") as unknown;
const run = {
  ingest: () => runIngest(spec as IngestSpec, controller.signal),
  kafkajs: () => runKafkajsEmpty(spec as ClientSpec, controller.signal),
  platformatic: () => runPlatformaticEmpty(spec as ClientSpec, controller.signal),
  validate: () => runKafkajsValidate(spec as ValidateSpec, controller.signal),
  naive: () => runNaive(spec as NaiveSpec, controller.signal),
  copy: () => runCopy(spec as CopySpec),
  connect: () => runConnect(spec as ConnectSpec, controller.signal),
  analyzer: () => runAnalyzer(spec as AnalyzerSpec),
  api: () => runApiLoad(spec as ApiLoadSpec),
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
