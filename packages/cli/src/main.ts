#!/usr/bin/env node
// hr-radar: one command for the whole pipeline. `hr-radar --help` lists the commands,
// `hr-radar <command> --help` explains one.
import { readFileSync } from "node:fs";
import { routeProcessWarnings } from "@hr-radar/service-kit/lifecycle";
import { Command, CommanderError } from "commander";
import { registerAlerts } from "./commands/alerts.ts";
import { registerAnalyze } from "./commands/analyze.ts";
import { registerBackfill } from "./commands/backfill.ts";
import { registerCategories } from "./commands/categories.ts";
import { registerConnect } from "./commands/connect.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerSimulate } from "./commands/simulate.ts";
import { registerStatus } from "./commands/status.ts";
import { registerTokens } from "./commands/tokens.ts";
import { registerTrends } from "./commands/trends.ts";
import { registerUp } from "./commands/up.ts";
import { CliError } from "./errors.ts";

routeProcessWarnings((warning) => process.stderr.write(`hr-radar: warning: ${warning.message}\n`));

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const program = new Command("hr-radar")
  .description(
    "When does an HR function need a specialist? Trends and staffing alerts from your HRIS and HR-helpdesk events.",
  )
  .version(version)
  .showHelpAfterError("(add --help for usage)")
  .exitOverride()
  .addHelpText(
    "after",
    "\nQuick start:\n  hr-radar demo                       the pipeline with the article's five cases, alerts printed, dashboard served\n" +
      "  hr-radar alerts --format csv        alerts of the running stack (DATABASE_URL, else the last `up`/`demo`)\n" +
      "  hr-radar trends function-load -o demo-rocket-labs --grain month",
  );
registerUp(program);
registerDemo(program);
registerAlerts(program);
registerTrends(program);
registerBackfill(program);
registerSimulate(program);
registerAnalyze(program);
registerTokens(program);
registerStatus(program);
registerCategories(program);
registerConnect(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed the message (or the help / version); usage errors exit 2
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof CliError) {
    process.stderr.write(`hr-radar: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`hr-radar: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
