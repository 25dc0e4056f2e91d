import type { AlertView } from "@hr-radar/alerts";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Column, type Format, render, rfc3339Times } from "../output.ts";
import { formatOption, functionOption, positiveInt } from "./options.ts";

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

/** One row per reason of an alert, the alert's own fields first (`alerts show --format table|csv`). */
function reasonRows(a: AlertView) {
  return a.reasons.map((r) => ({
    alertId: a.alertId,
    organisationId: a.organisationId,
    hrFunction: a.hrFunction,
    status: a.status,
    recommendation: a.recommendation,
    severity: a.severity,
    openedAt: a.openedAt,
    ruleId: r.ruleId,
    ruleVersion: r.ruleVersion,
    reasonRecommendation: r.recommendation,
    reasonSeverity: r.severity,
    summary: r.summary,
    evidence: r.evidence,
  }));
}

const REASON_COLUMNS: Column<ReturnType<typeof reasonRows>[number]>[] = [
  { header: "id", value: (r) => r.alertId, align: "right" },
  { header: "organisation", value: (r) => r.organisationId },
  { header: "function", value: (r) => r.hrFunction },
  { header: "status", value: (r) => r.status },
  { header: "rule", value: (r) => `${r.ruleId} v${r.ruleVersion}` },
  { header: "recommendation", value: (r) => r.reasonRecommendation },
  { header: "severity", value: (r) => r.reasonSeverity },
  { header: "summary", value: (r) => r.summary, maxWidth: 100 },
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
    .addOption(formatOption())
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
    .description("one alert with its reasons and their evidence (JSON by default; table and CSV: one row per reason)")
    .addOption(formatOption("json"))
    .action(async (id: string, o: { format: Format }) => {
      const alertId = positiveInt(id, "alertId");
      const { findAlert } = await import("@hr-radar/alerts");
      const alert = await withDatabase((db) => findAlert(db, alertId));
      if (!alert) throw new CliError(`no alert ${alertId}`);
      if (o.format === "json") {
        process.stdout.write(`${JSON.stringify(rfc3339Times(alert), null, 2)}\n`);
        return;
      }
      process.stdout.write(render(reasonRows(alert), REASON_COLUMNS, o.format));
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
