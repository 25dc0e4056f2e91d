import { checkDateWindow } from "@hr-radar/queries/dates";
import type { FunctionLoadPoint, HeadcountPoint, HrTeamPoint } from "@hr-radar/trends";
import { GRAINS, type Grain } from "@hr-radar/trends/periods";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Column, FORMATS, type Format, render } from "../output.ts";
import { functionOption, isoDate } from "./options.ts";

interface TrendOptions {
  org?: string;
  from?: string;
  to?: string;
  grain: Grain;
  function?: string;
  format: Format;
}

/** The week in progress (or the month holding it) is partial: its figures are so far. */
const soFar = (r: { complete: boolean }): string => (r.complete ? "" : "so far");

const HEADCOUNT: Column<HeadcountPoint>[] = [
  { header: "organisation", value: (r) => r.organisationId },
  { header: "period", value: (r) => r.period },
  { header: "start", value: (r) => r.periodStart },
  { header: "headcount", value: (r) => r.headcount, align: "right" },
  { header: "hires", value: (r) => r.hires, align: "right" },
  { header: "terminations", value: (r) => r.terminations, align: "right" },
  { header: "open reqs", value: (r) => r.openRequisitions, align: "right" },
  { header: "", value: (r) => soFar(r) },
];

const LOAD: Column<FunctionLoadPoint>[] = [
  { header: "organisation", value: (r) => r.organisationId },
  { header: "period", value: (r) => r.period },
  { header: "function", value: (r) => r.hrFunction },
  { header: "opened", value: (r) => r.ticketsOpened, align: "right" },
  { header: "resolved", value: (r) => r.ticketsResolved, align: "right" },
  { header: "escalated", value: (r) => r.ticketsEscalated, align: "right" },
  { header: "hours", value: (r) => r.handlingHours + r.estimatedHours, align: "right" },
  { header: "load FTE", value: (r) => r.loadFte, align: "right" },
  { header: "backlog", value: (r) => r.backlog, align: "right" },
  { header: "", value: (r) => soFar(r) },
];

const TEAM: Column<HrTeamPoint>[] = [
  { header: "organisation", value: (r) => r.organisationId },
  { header: "day", value: (r) => r.day },
  { header: "generalists", value: (r) => r.generalists, align: "right" },
  {
    header: "specialists",
    value: (r) =>
      Object.entries(r.specialists)
        .map(([f, n]) => `${f}:${n}`)
        .join(" "),
  },
];

/** `hr-radar trends headcount|function-load|hr-team`. */
export function registerTrends(program: Command): void {
  const trends = program.command("trends").description("trend tables by day, ISO week or month");
  const common = (cmd: Command, grains: readonly Grain[]) =>
    cmd
      .option("-o, --org <id>", "only this organisation")
      .option("--from <date>", "first day, YYYY-MM-DD (default: 26 weeks before --to)", isoDate)
      .option("--to <date>", "last day, YYYY-MM-DD (default: the newest stored day)", isoDate)
      .addOption(
        new Option("-g, --grain <grain>", "period: ISO week, calendar month (or day)").choices(grains).default("week"),
      )
      .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"));
  const check = (o: TrendOptions) => {
    const problem = checkDateWindow(o);
    // the shared check names the bounds as the API's parameters; here they are options
    if (problem?.message.includes(" is after "))
      throw new CliError(problem.message.replace(/\b(from|to) /g, "--$1 "), 2);
    if (problem) throw new CliError(`--${problem.field}: ${problem.message}`, 2);
  };

  common(
    trends.command("headcount").description("headcount at each period's end, hires and terminations"),
    GRAINS,
  ).action(async (o: TrendOptions) => {
    check(o);
    const { headcountTrend } = await import("@hr-radar/trends");
    const rows = await withDatabase((db) =>
      headcountTrend(db, { organisationId: o.org, from: o.from, to: o.to, grain: o.grain }),
    );
    process.stdout.write(render(rows, HEADCOUNT, o.format, "no headcount rows match"));
  });
  common(trends.command("function-load").description("helpdesk load per HR function, in hours and FTE"), [
    "week",
    "month",
  ])
    .addOption(functionOption())
    .action(async (o: TrendOptions) => {
      check(o);
      const { functionLoadTrend } = await import("@hr-radar/trends");
      const rows = await withDatabase((db) =>
        functionLoadTrend(db, {
          organisationId: o.org,
          from: o.from,
          to: o.to,
          grain: o.grain,
          hrFunction: o.function,
        }),
      );
      process.stdout.write(render(rows, LOAD, o.format, "no function-load rows match"));
    });
  common(
    trends.command("hr-team").description("the HR team's make-up: generalists and specialists per function"),
    GRAINS,
  ).action(async (o: TrendOptions) => {
    check(o);
    const { hrTeamTrend } = await import("@hr-radar/trends");
    const rows = await withDatabase((db) =>
      hrTeamTrend(db, { organisationId: o.org, from: o.from, to: o.to, grain: o.grain }),
    );
    process.stdout.write(render(rows, TEAM, o.format, "no HR-team rows match"));
  });
}
