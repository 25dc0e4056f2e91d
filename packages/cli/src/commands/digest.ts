import { writeFile } from "node:fs/promises";
import { type Command, InvalidArgumentError, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";

const DIGEST_FORMATS = ["text", "html", "card"] as const;

interface DigestOptions {
  org: string;
  format: (typeof DIGEST_FORMATS)[number];
  at?: string;
  cron?: string;
  dashboardUrl: string;
  output?: string;
}

/** An RFC 3339 instant, or a date (its end in UTC: the digest as that day closed). */
function instant(value: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new InvalidArgumentError(
      `expected an instant like 2026-11-30T08:00:00Z or a date like 2026-11-30, got '${value}'`,
    );
  return parsed.toISOString();
}

/** `hr-radar digest`: an organisation's staffing digest, composed as the schedule would, shown and not sent. */
export function registerDigest(program: Command): void {
  program
    .command("digest")
    .summary("preview an organisation's staffing digest (text, HTML or Teams card), without sending it")
    .description(
      "compose the staffing digest of the period that --at falls in (default: now), as the analyzer's schedule would: " +
        "the open recommendations, the changes since the previous digest, the projected crossings in the next quarter; " +
        "print it (or write it with --output) and send nothing",
    )
    .requiredOption("-o, --org <organisationId>", "the organisation")
    .addOption(
      new Option("-f, --format <format>", "text, the e-mail's HTML part, or the Teams Adaptive Card (JSON)")
        .choices(DIGEST_FORMATS)
        .default("text"),
    )
    .option("--at <instant>", "the digest of the period this instant (or date) falls in", instant)
    .option(
      "--cron <expression>",
      "the digest schedule, read in the organisation's zone (default: DIGEST_CRON, else Mondays 08:00)",
    )
    .option(
      "--dashboard-url <url>",
      "the dashboard link in the digest",
      process.env.DIGEST_DASHBOARD_URL ?? "http://127.0.0.1:8080/dashboard/",
    )
    .option("--output <file>", "write the digest to this file instead of stdout")
    .action(async (o: DigestOptions) => {
      const digestModule = await import("@hr-radar/digest");
      const cron = o.cron ?? process.env.DIGEST_CRON ?? digestModule.DEFAULT_DIGEST_CRON;
      if (!digestModule.isValidDigestCron(cron))
        throw new CliError(`--cron: not a valid cron expression: '${cron}'`, 2);
      const composed = await withDatabase((db) =>
        digestModule.composeDigestFor(db, {
          organisationId: o.org,
          cron,
          at: o.at ?? new Date().toISOString(),
          dashboardUrl: o.dashboardUrl,
        }),
      );
      if (composed === null) throw new CliError(`no organisation '${o.org}' (see \`hr-radar orgs\`)`);
      const { digest } = composed;
      let body: string;
      if (o.format === "text") body = digestModule.renderDigestText(digest);
      else if (o.format === "card") body = `${JSON.stringify(digestModule.teamsMessage(digest), null, 2)}\n`;
      else {
        // the e-mail refers to the chart by content id; a preview carries it inline
        const svg = digestModule.loadChartSvg(digest.load);
        const chart =
          svg === null ? null : `data:image/png;base64,${(await digestModule.renderChartPng(svg)).toString("base64")}`;
        body = digestModule.renderDigestHtml(digest, chart);
      }
      if (digest.quiet)
        process.stderr.write(
          "quiet period: nothing open and nothing changed; the schedule sends this only with sendWhenQuiet\n",
        );
      if (o.output === undefined) process.stdout.write(body);
      else {
        await writeFile(o.output, body);
        process.stderr.write(
          `digest for ${digest.organisation.name}, period ${digest.period.at}, written to ${o.output}\n`,
        );
      }
    });
}
