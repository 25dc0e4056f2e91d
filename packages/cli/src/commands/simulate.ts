import type { OpenAlert } from "@hr-radar/rules";
import { type Command, InvalidArgumentError, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { FORMATS, type Format, render } from "../output.ts";
import type { GrowthPlan, ProjectedFinding } from "../simulate/project.ts";
import { isoDate } from "./options.ts";

interface SimulateOptions {
  org: string;
  headcount?: number;
  by?: string;
  growth?: number;
  weeks: number;
  at?: string;
  format: Format;
}

/** `hr-radar simulate`: what would fire, and when, under a headcount plan. */
export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .summary("what-if: what would fire, and when, under a headcount plan")
    .description(
      "what-if: project an organisation's headcount (a target by a date, or a growth rate), scale its helpdesk load per employee, keep its HR team as it is, " +
        "and run the rules week by week: prints what would fire and when",
    )
    .requiredOption("-o, --org <id>", "the organisation")
    .option("--headcount <n>", "planned headcount", wholeNumber)
    .option("--by <date>", "when the planned headcount is reached (default: in 52 weeks)", isoDate)
    .option("--growth <rate>", "yearly growth instead of a target, e.g. 50% or 0.5 (negative shrinks)", growthRate)
    .addOption(new Option("--weeks <n>", "weeks to project").argParser(wholeNumber).default(52))
    .option("--at <date>", "evaluate as of this day (default: today)", isoDate)
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .addHelpText(
      "after",
      "\nExamples:\n  hr-radar simulate --org rocket-labs --headcount 60 --by 2027-06-30\n  hr-radar simulate --org acme --growth 100%",
    )
    .action(run);
}

async function run(o: SimulateOptions): Promise<void> {
  if ((o.headcount === undefined) === (o.growth === undefined))
    throw new CliError("give either --headcount N [--by DATE] or --growth RATE", 2);
  if (o.by !== undefined && o.headcount === undefined) throw new CliError("--by goes with --headcount", 2);
  const evaluatedAt = o.at ? `${o.at}T12:00:00.000Z` : new Date().toISOString();
  const plan: GrowthPlan =
    o.growth !== undefined
      ? { kind: "rate", perYear: o.growth }
      : {
          kind: "target",
          headcount: o.headcount!,
          by: o.by ?? new Date(Date.parse(evaluatedAt) + 364 * 86_400_000).toISOString().slice(0, 10),
        };
  if (plan.kind === "target" && plan.by <= evaluatedAt.slice(0, 10))
    throw new CliError(`--by ${plan.by} is not in the future`, 2);

  const [{ readMetrics }, { loadOrganisation }, { listAlerts }, { simulate }] = await Promise.all([
    import("@hr-radar/trends"),
    import("@hr-radar/organisations"),
    import("@hr-radar/alerts"),
    import("../simulate/project.ts"),
  ]);
  const { metrics, policy, openAlerts } = await withDatabase(async (db) => {
    const profile = await loadOrganisation(db, o.org);
    if (!profile) throw new CliError(`no organisation '${o.org}' (see \`hr-radar orgs\`)`);
    // a projection is a decision aid: never make one under a policy the organisation did not set
    if (profile.error) throw new CliError(`the stored policy of ${o.org} does not resolve: ${profile.error.message}`);
    const [m] = await db.transaction((tx) => readMetrics(tx, [profile], evaluatedAt));
    const open = await listAlerts(db, { organisationId: o.org, status: "active" });
    return {
      metrics: m!,
      policy: profile.policy,
      // an alert is one function's recommendation; hysteresis holds each rule behind it
      openAlerts: open.flatMap((a) =>
        (a.reasons.length > 0 ? a.reasons : [{ ruleId: a.ruleId, severity: a.severity }]).map(
          (reason) =>
            ({
              hrFunction: a.hrFunction,
              ruleId: reason.ruleId,
              recommendation: a.recommendation,
              severity: reason.severity,
            }) as OpenAlert,
        ),
      ),
    };
  });
  if (metrics.headcount.every((w) => w.headcount === 0))
    throw new CliError(`${o.org} has no headcount history to project from`);

  const result = simulate({ metrics, policy, evaluatedAt, plan, horizonWeeks: o.weeks, openAlerts });
  const now = metrics.headcount.at(-1)!.headcount;
  const team = metrics.hrTeam;
  const specialists = Object.entries(team.specialists)
    .map(([f, n]) => `${n} ${f}`)
    .join(", ");
  if (o.format === "table") {
    const planText =
      plan.kind === "rate" ? `${Math.round(plan.perYear * 100)}% a year` : `${plan.headcount} by ${plan.by}`;
    process.stdout.write(
      `${metrics.name} (${o.org}): ${now} people now, plan ${planText}, ${result.headcount.at(-1)?.headcount ?? now} in ${o.weeks} weeks; ` +
        `HR team kept at ${team.generalists} generalist(s)${specialists ? ` and ${specialists}` : ""}. Load per employee held at its last 12 weeks' average.\n\n`,
    );
  }
  const rows = result.firstFirings.map((f: ProjectedFinding) => ({
    weeksAhead: f.weeksAhead,
    weekStart: f.weekStart,
    projectedHeadcount: f.projectedHeadcount,
    hrFunction: f.finding.hrFunction,
    recommendation: f.finding.recommendation,
    severity: f.finding.severity,
    ruleId: f.finding.ruleId,
    summary: f.finding.summary,
  }));
  process.stdout.write(
    render(
      rows,
      [
        { header: "when", value: (r) => (r.weeksAhead === 0 ? "now" : `+${r.weeksAhead} wk`), align: "right" },
        { header: "week of", value: (r) => r.weekStart },
        { header: "people", value: (r) => r.projectedHeadcount, align: "right" },
        { header: "function", value: (r) => r.hrFunction },
        { header: "recommendation", value: (r) => r.recommendation },
        { header: "severity", value: (r) => r.severity },
        { header: "summary", value: (r) => r.summary, maxWidth: 100 },
      ],
      o.format,
      "nothing fires within the horizon",
    ),
  );
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, got '${value}'`);
  return n;
}

function growthRate(value: string): number {
  const match = /^(-?\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected a rate like 50% or 0.5, got '${value}'`);
  const rate = match[2] ? Number(match[1]) / 100 : Number(match[1]);
  if (rate <= -1 || rate > 10) throw new InvalidArgumentError(`a yearly growth of ${value} is outside -100%..1000%`);
  return rate;
}
