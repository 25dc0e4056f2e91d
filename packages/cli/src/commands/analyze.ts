import { type Command, InvalidArgumentError } from "commander";
import { setting } from "../config.ts";
import { CliError } from "../errors.ts";
import { type Column, type Format, render } from "../output.ts";
import { formatOption } from "./options.ts";

/** What one analysis run did, as `hr-radar analyze` prints it. */
export type AnalysisResult = {
  runId: number;
  /** RFC 3339: the instant the run evaluated as of. */
  evaluatedAt: string;
  organisations: number;
  skipped: number;
  quarantined: number;
  findings: number;
  raised: number;
  resolved: number;
  changed: number;
};

const COLUMNS: Column<AnalysisResult>[] = [
  { header: "run", value: (r) => r.runId, align: "right" },
  { header: "evaluated at", value: (r) => r.evaluatedAt },
  { header: "organisations", value: (r) => r.organisations, align: "right" },
  { header: "skipped", value: (r) => r.skipped, align: "right" },
  { header: "quarantined", value: (r) => r.quarantined, align: "right" },
  { header: "findings", value: (r) => r.findings, align: "right" },
  { header: "raised", value: (r) => r.raised, align: "right" },
  { header: "resolved", value: (r) => r.resolved, align: "right" },
  { header: "changed", value: (r) => r.changed, align: "right" },
];

/** `hr-radar analyze [--at T]`: one analysis run now, as the analyzer's schedule would make it. */
export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .summary("run the rules once now and deliver the alert changes")
    .description(
      "one analysis of every organisation as of --at (default now), against the running stack (or DATABASE_URL and KAFKA_BROKERS); prints what changed",
    )
    .option("--at <instant>", "evaluate as of this ISO instant, e.g. 2026-11-02T06:00:00Z", instant)
    .addOption(formatOption())
    .action(async (o: { at?: Date; format: Format }) => {
      const result = await analyseOnce(o.at ?? new Date());
      // one run: an object in JSON, one row in a table or CSV
      process.stdout.write(
        o.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : render([result], COLUMNS, o.format),
      );
    });
}

/** Runs one analysis as of `at` against the stack, delivering its changes (for `analyze` and `backfill --analyze`). */
export async function analyseOnce(at: Date): Promise<AnalysisResult> {
  const [{ AnalyzerConfigError, createAnalyzer, envSchema }, { parseEnv }, { default: pino }] = await Promise.all([
    import("@hr-radar/analyzer"),
    import("@hr-radar/service-kit"),
    import("pino"),
  ]);
  const env = parseEnv(envSchema, {
    ...process.env,
    KAFKA_BROKERS: setting("KAFKA_BROKERS"),
    DATABASE_URL: setting("DATABASE_URL"),
    OPS_PORT: "off",
  });
  if (!env.success) throw new CliError(`analyzer config: ${env.error}`, 2);
  const analyzer = await createAnalyzer(env.data, pino({ level: process.env.LOG_LEVEL ?? "warn" })).catch(
    (error: unknown) => {
      throw error instanceof AnalyzerConfigError ? new CliError(`analyzer config: ${error.message}`, 2) : error;
    },
  );
  try {
    const summary = await analyzer.analyse(at.toISOString());
    return { ...summary, evaluatedAt: at.toISOString() };
  } finally {
    await analyzer.close();
  }
}

function instant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`not an ISO instant: ${value}`);
  return at;
}
