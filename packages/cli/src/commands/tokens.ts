import { type Command, InvalidArgumentError } from "commander";
import { z } from "zod";
import { optionalSetting } from "../config.ts";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Format, render } from "../output.ts";
import { formatOption, positiveInt } from "./options.ts";

/** `hr-radar token create|list|revoke` and `hr-radar orgs`. */
export function registerTokens(program: Command): void {
  const token = program.command("token").description("API tokens: each reads one organisation only");
  token
    .command("create")
    .description("create a token for one organisation; it is shown once, only its hash is stored")
    .requiredOption("-o, --org <id>", "the organisation the token may read")
    .option("-n, --name <name>", "what the token is for", "cli")
    .option(
      "-e, --expires <when>",
      "expire after Nd days or Nh hours (e.g. 90d), or at an RFC 3339 instant; default: never",
      (value: string) => tokenExpiry(value, new Date()),
    )
    .action(async (o: { org: string; name: string; expires?: string }) => {
      const { createApiToken, listOrganisations } = await import("@hr-radar/queries");
      const created = await withDatabase(async (db) => {
        const known = (await listOrganisations(db)).some((x) => x.organisationId === o.org);
        if (!known)
          throw new CliError(
            `no organisation '${o.org}' yet (see \`hr-radar orgs\`); its profile event must arrive first`,
          );
        return createApiToken(db, {
          organisationId: o.org,
          name: o.name,
          ...(o.expires === undefined ? {} : { expiresAt: o.expires }),
        });
      });
      process.stdout.write(`${created.token}\n`);
      const api = optionalSetting("API_URL");
      const until = o.expires === undefined ? "" : `, expires ${o.expires}`;
      process.stderr.write(
        `token ${created.tokenId} for ${o.org} ('${o.name}'${until}): keep it secret, it is not stored.\n`,
      );
      if (api) process.stderr.write(`dashboard: ${api}/dashboard/#token=${created.token}\n`);
    });
  token
    .command("list")
    .description("tokens (never their secret)")
    .option("-o, --org <id>", "only this organisation")
    .addOption(formatOption())
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
            { header: "expires", value: (t) => t.expiresAt },
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
    .addOption(formatOption())
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

const HOUR_MS = 3_600_000;
const rfc3339 = z.iso.datetime({ offset: true });

/**
 * When a token made at `now` expires, as an ISO instant: `90d` and `12h` count from now, an
 * RFC 3339 instant is taken as is. It must lie in the future, or the token would be born dead.
 */
export function tokenExpiry(value: string, now: Date): string {
  const relative = /^([1-9]\d{0,5})([dh])$/.exec(value);
  let at: number;
  if (relative) at = now.getTime() + Number(relative[1]) * (relative[2] === "d" ? 24 : 1) * HOUR_MS;
  else if (rfc3339.safeParse(value).success) at = Date.parse(value);
  else throw new InvalidArgumentError(`expected Nd, Nh (e.g. 90d) or an RFC 3339 instant, got '${value}'`);
  if (at <= now.getTime()) throw new InvalidArgumentError(`'${value}' is not in the future`);
  return new Date(at).toISOString();
}
