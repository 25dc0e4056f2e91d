import type { Command } from "commander";
import { setting } from "../config.ts";
import { CliError } from "../errors.ts";

/** `hr-radar analyze [--at T]`: one analysis run now, as the analyzer's schedule would make it. */
export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .summary("run the rules once now and deliver the alert changes")
    .description(
      "one analysis of every organisation as of --at (default now), against the running stack (or DATABASE_URL and KAFKA_BROKERS); prints what changed",
    )
    .option("--at <instant>", "evaluate as of this ISO instant, e.g. 2026-11-02T06:00:00Z")
    .action(async (o: { at?: string }) => {
      const at = o.at === undefined ? new Date() : new Date(o.at);
      if (Number.isNaN(at.getTime())) throw new CliError(`--at: not an ISO instant: ${o.at}`, 2);
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
        process.stdout.write(
          `run ${summary.runId} as of ${at.toISOString()}: ${summary.organisations} organisations (${summary.skipped} skipped${summary.quarantined > 0 ? `, ${summary.quarantined} with quarantined trends not evaluated` : ""}), ` +
            `${summary.findings} findings; ${summary.raised} raised, ${summary.resolved} resolved, ${summary.changed} changed\n`,
        );
      } finally {
        await analyzer.close();
      }
    });
}
