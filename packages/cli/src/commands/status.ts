import type { TrendStatus } from "@hr-radar/trends";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { type Column, FORMATS, type Format, render } from "../output.ts";

interface StatusOptions {
  org?: string;
  format: Format;
}

const COLUMNS: Column<TrendStatus>[] = [
  { header: "organisation", value: (r) => r.organisationId },
  { header: "trends", value: (r) => (r.quarantinedSince ? "quarantined" : r.current ? "current" : "behind") },
  { header: "stale since", value: (r) => r.staleSince },
  { header: "quarantined since", value: (r) => r.quarantinedSince },
  { header: "scopes", value: (r) => r.quarantinedScopes.join(" ") },
  { header: "retry at", value: (r) => r.retryAt },
  { header: "error", value: (r) => r.reason, maxWidth: 60 },
];

/** `hr-radar status`: how current each organisation's trends are, and any quarantine with its error. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("trend freshness per organisation, and organisations whose trends are quarantined (with the error)")
    .option("-o, --org <id>", "only this organisation")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addHelpText(
      "after",
      "\nA quarantined organisation's data made its trends fail to derive; every other organisation stays current.\n" +
        "Correct the data at the source and send the corrected event (a new profile, a corrected report): the\n" +
        "next refresh retries it at once and releases it. See docs/reliability.md.",
    )
    .action(async (o: StatusOptions) => {
      const { trendStatus } = await import("@hr-radar/trends");
      const rows = await withDatabase((db) => trendStatus(db, o.org === undefined ? undefined : [o.org]));
      process.stdout.write(render(rows, COLUMNS, o.format, "no organisations yet"));
    });
}
