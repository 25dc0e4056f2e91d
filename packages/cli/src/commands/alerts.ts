import type { AlertView } from "@hr-radar/alerts";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Column, FORMATS, type Format, render } from "../output.ts";
import { functionOption, positiveInt } from "./options.ts";

/** Which alerts `--status` selects (as in @hr-radar/alerts, kept here so --help loads nothing heavy). */
const ALERT_STATUS_FILTERS = ["active", "open", "acknowledged", "resolved", "all"] as const;

const COLUMNS: Column<AlertView>[] = [
  { header: "id", value: (a) => a.alertId, align: "right" },
  { header: "organisation", value: (a) => a.organisationId },
  { header: "function", value: (a) => a.hrFunction },
  { header: "recommendation", value: (a) => a.recommendation },
  { header: "severity", value: (a) => a.severity },
  { header: "status", value: (a) => a.status },
  { header: "since", value: (a) => a.openedAt.slice(0, 10) },
  // every rule behind the one recommendation; `alerts show` has each one's evidence
  { header: "reasons", value: (a) => a.reasons.map((r) => r.ruleId).join(", ") },
  { header: "summary", value: (a) => a.summary, maxWidth: 110 },
];

/** `hr-radar alerts [list]`, `alerts show <id>`, `alerts ack <id> --by <name>`. */
export function registerAlerts(program: Command): void {
  const alerts = program
    .command("alerts")
    .description("list, show and acknowledge staffing alerts (one per organisation and function)");
  alerts
    .command("list", { isDefault: true })
    .description("alerts, newest change first (default: open and acknowledged)")
    .option("-o, --org <id>", "only this organisation")
    .addOption(functionOption())
    .addOption(new Option("-s, --status <status>", "which alerts").choices(ALERT_STATUS_FILTERS).default("active"))
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .action(
      async (opts: {
        org?: string;
        function?: string;
        status: (typeof ALERT_STATUS_FILTERS)[number];
        format: Format;
      }) => {
        const { listAlerts } = await import("@hr-radar/alerts");
        const rows = await withDatabase((db) =>
          listAlerts(db, { organisationId: opts.org, status: opts.status, hrFunction: opts.function }),
        );
        process.stdout.write(render(rows, COLUMNS, opts.format, "no alerts match"));
      },
    );
  alerts
    .command("show <alertId>")
    .description("one alert with its reasons and their evidence, as JSON")
    .action(async (id: string) => {
      const alertId = positiveInt(id, "alertId");
      const { findAlert } = await import("@hr-radar/alerts");
      const alert = await withDatabase((db) => findAlert(db, alertId));
      if (!alert) throw new CliError(`no alert ${alertId}`);
      process.stdout.write(`${JSON.stringify(alert, null, 2)}\n`);
    });
  alerts
    .command("ack <alertId>")
    .description("acknowledge an open alert (it stays acknowledged until it resolves or escalates)")
    .requiredOption("--by <name>", "who acknowledges it")
    .action(async (id: string, opts: { by: string }) => {
      const alertId = positiveInt(id, "alertId");
      const { acknowledgeAlert, findAlert } = await import("@hr-radar/alerts");
      await withDatabase(async (db) => {
        const alert = await findAlert(db, alertId);
        if (!alert) throw new CliError(`no alert ${alertId}`);
        const result = await acknowledgeAlert(db, alertId, opts.by, new Date().toISOString());
        if (result === "not-open") throw new CliError(`alert ${alertId} is ${alert.status}, not open`);
        process.stdout.write(
          `alert ${alertId} (${alert.organisationId}, ${alert.hrFunction}) acknowledged by ${opts.by}\n`,
        );
      });
    });
}
