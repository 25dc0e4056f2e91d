import { type Command, Option } from "commander";
import { setting } from "../config.ts";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { FORMATS, type Format, render } from "../output.ts";
import { positiveInt } from "./options.ts";

/** `hr-radar token create|list|revoke` and `hr-radar orgs`. */
export function registerTokens(program: Command): void {
  const token = program.command("token").description("API tokens: each reads one organisation only");
  token
    .command("create")
    .description("create a token for one organisation; it is shown once, only its hash is stored")
    .requiredOption("-o, --org <id>", "the organisation the token may read")
    .option("-n, --name <name>", "what the token is for", "cli")
    .action(async (o: { org: string; name: string }) => {
      const { createApiToken, listOrganisations } = await import("@hr-radar/queries");
      const created = await withDatabase(async (db) => {
        const known = (await listOrganisations(db)).some((x) => x.organisationId === o.org);
        if (!known)
          throw new CliError(
            `no organisation '${o.org}' yet (see \`hr-radar orgs\`); its profile event must arrive first`,
          );
        return createApiToken(db, { organisationId: o.org, name: o.name });
      });
      process.stdout.write(`${created.token}\n`);
      const api = process.env.API_URL ?? safeSetting("API_URL");
      process.stderr.write(`token ${created.tokenId} for ${o.org} ('${o.name}'): keep it secret, it is not stored.\n`);
      if (api) process.stderr.write(`dashboard: ${api}/dashboard/#token=${created.token}\n`);
    });
  token
    .command("list")
    .description("tokens (never their secret)")
    .option("-o, --org <id>", "only this organisation")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (o: { org?: string; format: Format }) => {
      const { listApiTokens } = await import("@hr-radar/queries");
      const rows = await withDatabase((db) => listApiTokens(db, o.org));
      process.stdout.write(
        render(
          rows,
          [
            { header: "id", value: (t) => t.tokenId, align: "right" },
            { header: "organisation", value: (t) => t.organisationId },
            { header: "name", value: (t) => t.name },
            { header: "created", value: (t) => t.createdAt },
            { header: "last used", value: (t) => t.lastUsedAt },
            { header: "revoked", value: (t) => t.revokedAt },
          ],
          o.format,
          "no tokens",
        ),
      );
    });
  token
    .command("revoke <tokenId>")
    .description("revoke a token; requests with it get 401 from then on")
    .action(async (id: string) => {
      const tokenId = positiveInt(id, "tokenId");
      const { revokeApiToken } = await import("@hr-radar/queries");
      const revoked = await withDatabase((db) => revokeApiToken(db, tokenId));
      if (!revoked) throw new CliError(`no live token ${tokenId}`);
      process.stdout.write(`token ${tokenId} revoked\n`);
    });

  program
    .command("orgs")
    .description("organisations hr-radar knows (those whose profile event arrived)")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (o: { format: Format }) => {
      const { listOrganisations } = await import("@hr-radar/queries");
      const rows = await withDatabase((db) => listOrganisations(db));
      process.stdout.write(
        render(
          rows,
          [
            { header: "organisation", value: (r) => r.organisationId },
            { header: "name", value: (r) => r.name },
            { header: "industry", value: (r) => r.industry },
            { header: "headcount", value: (r) => r.headcount, align: "right" },
          ],
          o.format,
          "no organisations yet: send a profile event (see README, Event contract)",
        ),
      );
    });
}

function safeSetting(name: "API_URL"): string | undefined {
  try {
    return setting(name);
  } catch {
    return undefined;
  }
}
