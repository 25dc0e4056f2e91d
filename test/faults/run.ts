// The fault suite: `pnpm faults` (fast sizes, a few minutes) or `pnpm faults --long` (the
// issue's sizes: ≥ 100,000 events under crashes, a 1,000,000-event backlog, ≥ 10,000
// hostile records). `--only <name,...>` runs some scenarios; `--json <file>` chooses where
// the results go (default: faults-report.json).
//
// It starts its own Kafka broker and Postgres cluster (restartable, on temp dirs), runs
// the real services as separate processes against them, prints the summary table and
// every check to stdout (progress to stderr), writes the JSON, and exits 1 if any total
// is off. Run it under `flock /work/heavy.lock` on a shared machine.
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { routeProcessWarnings } from "@hr-radar/service-kit/lifecycle";
import { type FaultInfra, startRestartable } from "../support/own-infra.ts";
import { details, passed, type ScenarioResult, summaryTable } from "./report.ts";
import { SCENARIOS, type SizeName } from "./scenarios/index.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      long: { type: "boolean" },
      only: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(`usage: pnpm faults [--long] [--only ${Object.keys(SCENARIOS).join(",")}] [--json faults-report.json]`);
    return 0;
  }
  const size: SizeName = values.long ? "long" : "fast";
  const only = values.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((name) => !(name in SCENARIOS)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  const selected = Object.entries(SCENARIOS).filter(([name]) => !only || only.includes(name));

  progress(`starting Kafka and Postgres (${size} sizes)`);
  const [kafka, pg] = await Promise.all([startRestartable("kafka"), startRestartable("postgres")]);
  const infra: FaultInfra & { kafka: typeof kafka; postgres: typeof pg } = {
    kafkaBrokers: kafka.url,
    postgresUrl: pg.url,
    kafka,
    postgres: pg,
  };
  const results: ScenarioResult[] = [];
  const startedAt = new Date();
  try {
    for (const [name, scenario] of selected) {
      progress(`scenario ${name} ...`);
      const result = await scenario(infra, size);
      progress(`scenario ${name}: ${passed(result) ? "pass" : "FAIL"} in ${result.seconds.toFixed(0)} s`);
      results.push(result);
    }
  } finally {
    await Promise.allSettled([kafka.destroy(), pg.destroy()]);
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
  console.log(`# hr-radar fault suite (${size}), ${startedAt.toISOString()}, ${machine}\n`);
  console.log(summaryTable(results));
  console.log(`\n${details(results)}`);
  const file = values.json ?? "faults-report.json";
  await writeFile(file, `${JSON.stringify({ size, startedAt, machine, results }, null, 2)}\n`);
  progress(`results written to ${file}`);
  return results.every(passed) ? 0 : 1;
}

function progress(message: string): void {
  process.stderr.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

routeProcessWarnings((warning) => process.stderr.write(`${warning.name}: ${warning.message}\n`));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
