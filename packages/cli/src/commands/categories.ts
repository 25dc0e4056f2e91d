import type { CategoryMapping } from "@hr-radar/policy";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Column, FORMATS, type Format, render } from "../output.ts";

const COLUMNS: Column<CategoryMapping>[] = [
  { header: "category", value: (r) => r.category },
  { header: "function", value: (r) => r.hrFunction },
  { header: "source", value: (r) => r.source },
];

/**
 * `hr-radar categories --org X`: the helpdesk-category mapping in force for one
 * organisation (the profile's, then the default names, else unmapped), so a user can see
 * which categories still count as `unmapped` and why a category lands where it does.
 */
export function registerCategories(program: Command): void {
  program
    .command("categories")
    .description("the helpdesk-category mapping in force: profile mapping, default names, or unmapped")
    .requiredOption("-o, --org <organisationId>", "organisation id")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (o: { org: string; format: Format }) => {
      const { organisationOverview } = await import("@hr-radar/queries");
      const overview = await withDatabase((db) => organisationOverview(db, o.org));
      if (overview === null) throw new CliError(`no profile received for organisation '${o.org}' yet`);
      process.stdout.write(render(overview.categoryMapping, COLUMNS, o.format, "no categories mapped or seen yet"));
    });
}
