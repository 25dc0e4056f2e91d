import { readFileSync } from "node:fs";
import type { Connection, RunSummary, SecretRef } from "@hr-radar/connectors";
import { type Command, Option } from "commander";
import { withDatabase } from "../database.ts";
import { CliError } from "../errors.ts";
import { type Column, FORMATS, type Format, render } from "../output.ts";
import { isoDate } from "./options.ts";

interface AddOptions {
  org: string;
  vendor: string;
  secretEnv?: string;
  secretFile?: string;
  webhookSecretEnv?: string;
  webhookSecretFile?: string;
  start?: string;
  schedule?: string;
  snapshotSchedule?: string;
  subdomain?: string;
  baseUrl?: string;
  timeZone?: string;
  mappingFile?: string;
  orgName?: string;
  industry?: string;
  credentialEnv: string[];
  credentialFile: string[];
  linkedAccount?: string;
  pageSize?: number;
  settingsFile?: string;
  accountTokenEnv?: string;
  accountTokenFile?: string;
}

/** Collects a repeated `name=value` option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

const DAY_MS = 86_400_000;

/** The vendors `connect add` offers (each connector's author adds theirs). */
const CONNECT_VENDORS = ["bamboohr", "personio", "merge-hris", "zendesk", "jira-service-management", "merge-ticketing"];

/** `hr-radar connect add|list|test|sync|remove`: connections to an HRIS or helpdesk. */
export function registerConnect(program: Command): void {
  const connect = program
    .command("connect")
    .description(
      "connections to the HRIS or helpdesk a company already has: the connector service (part of `hr-radar up`) " +
        'syncs each one (first sync, webhooks, scheduled reconciliation). See README "Connect your HRIS".',
    );

  connect
    .command("add <connection>")
    .description("add (or replace) a connection; secrets are given by reference and never stored or printed")
    .requiredOption("-o, --org <id>", "the organisation the connection's events belong to")
    .addOption(new Option("--vendor <vendor>", "the source system").choices(CONNECT_VENDORS).makeOptionMandatory())
    .option("--secret-env <NAME>", "environment variable holding the API key (read by the connector service)")
    .option("--secret-file <PATH>", "file holding the API key (a mounted secret)")
    .option("--webhook-secret-env <NAME>", "environment variable holding the webhook signing key")
    .option("--webhook-secret-file <PATH>", "file holding the webhook signing key")
    .option(
      "--credential-env <name=VAR>",
      "another credential by environment variable, e.g. clientId=PERSONIO_CLIENT_ID (repeatable)",
      collect,
      [],
    )
    .option("--credential-file <name=PATH>", "another credential by file (repeatable)", collect, [])
    .option(
      "--start <date>",
      "first sync sends history from this date (default: two years ago; helpdesks: 26 weeks)",
      isoDate,
    )
    .option("--schedule <cron>", "reconciliation schedule (node-cron, default every 15 minutes)")
    .option("--snapshot-schedule <cron>", "daily headcount snapshot schedule (default 23:30)")
    .option("--subdomain <name>", "BambooHR: the company domain (acme for acme.bamboohr.com)")
    .option("--account-token-env <NAME>", "Merge: environment variable holding the Linked Account's token")
    .option("--account-token-file <PATH>", "Merge: file holding the Linked Account's token")
    .option("--linked-account <id>", "Merge: the Linked Account's id (other accounts' webhooks are ignored)")
    .option("--page-size <n>", "Personio, Merge: records per API page (default the vendor's maximum)", Number)
    .option("--base-url <url>", "the vendor API's address, if not the documented one (a proxy, a stand-in)")
    .option("--time-zone <zone>", "IANA zone for dates and schedules (default UTC)")
    .option(
      "--mapping-file <path>",
      "JSON mapping override: hrRoles rules, hrDepartments, activeStatuses, inactiveStatuses",
    )
    .option(
      "--settings-file <path>",
      "JSON vendor settings merged into the connection (helpdesks: email, project, category, tiers, time tracking; see README)",
    )
    .option("--org-name <name>", "send an organisation profile with this name on first sync")
    .option("--industry <industry>", "the profile's industry (with --org-name)")
    .action(async (id: string, o: AddOptions) => {
      const { connectionSchema, adapterFor } = await import("@hr-radar/connectors");
      const adapter = adapterFor(o.vendor);
      if (!adapter) throw new CliError(`no connector for ${o.vendor}`, 2);
      const config = vendorConfig(o);
      const checked = adapter.configSchema.safeParse(config);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new CliError(`${adapter.title} settings: ${issue?.path.join(".") || "config"}: ${issue?.message}`, 2);
      }
      const credentials: Record<string, SecretRef> = {};
      const apiKey = secretRef("--secret", o.secretEnv, o.secretFile);
      if (apiKey) credentials.apiKey = apiKey;
      const webhook = secretRef("--webhook-secret", o.webhookSecretEnv, o.webhookSecretFile);
      if (webhook) credentials.webhookSecret = webhook;
      const accountToken = secretRef("--account-token", o.accountTokenEnv, o.accountTokenFile);
      if (accountToken) credentials.accountToken = accountToken;
      for (const [flag, values, kind] of [
        ["--credential-env", o.credentialEnv, "env"],
        ["--credential-file", o.credentialFile, "file"],
      ] as const)
        for (const value of values) {
          const match = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(value);
          if (!match) throw new CliError(`${flag} ${value}: expected name=${kind === "env" ? "VAR" : "PATH"}`, 2);
          const [, name, ref] = match as unknown as [string, string, string];
          if (!adapter.secrets.includes(name))
            throw new CliError(
              `${flag}: ${adapter.title} has no credential ${name} (it uses ${adapter.secrets.join(", ")})`,
              2,
            );
          if (credentials[name]) throw new CliError(`${flag}: ${name} given twice`, 2);
          credentials[name] = kind === "env" ? { env: ref } : { file: ref };
        }
      const missing = adapter.secrets.filter((name) => name !== "webhookSecret" && !credentials[name]);
      if (missing.length > 0)
        throw new CliError(
          `${adapter.title} needs ${missing.join(", ")} by reference: ` +
            missing
              .map((name) =>
                name === "apiKey" ? "--secret-env NAME (or --secret-file PATH)" : `--credential-env ${name}=NAME`,
              )
              .join(", "),
          2,
        );
      const parsed = connectionSchema.safeParse({
        connectionId: id,
        organisationId: o.org,
        vendor: adapter.vendor,
        kind: adapter.kind,
        config,
        credentials,
        ...(o.schedule ? { schedule: o.schedule } : {}),
        ...(o.snapshotSchedule ? { snapshotSchedule: o.snapshotSchedule } : {}),
        // helpdesks: the last 26 weeks (the analysis window); an HRIS: two years of hires and leavers
        startDate:
          o.start ??
          new Date(Date.now() - (adapter.kind === "helpdesk" ? 26 * 7 : 730) * DAY_MS).toISOString().slice(0, 10),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CliError(`${issue?.path.join(".") || "connection"}: ${issue?.message}`, 2);
      }
      const { saveConnection } = await import("@hr-radar/connectors");
      await withDatabase((db) => saveConnection(db, parsed.data));
      const { describeSecretRef } = await import("@hr-radar/connectors");
      process.stdout.write(
        `connection ${id} saved: ${adapter.title} for ${o.org}, history from ${parsed.data.startDate}, reconciliation "${parsed.data.schedule}"\n` +
          `  credentials: ${Object.entries(credentials)
            .filter(([name]) => name !== "webhookSecret")
            .map(([name, ref]) => `${name} ${describeSecretRef(ref)}`)
            .join(
              ", ",
            )}${webhook ? `; webhook key: ${describeSecretRef(webhook)}` : "; no webhook key (webhooks refused)"}\n` +
          `  webhook URL: <connector address>/hooks/${id}; the connector service picks it up within CONNECT_RELOAD_MS and runs the first sync\n`,
      );
      if (!webhook)
        process.stderr.write(
          "hr-radar: warning: without --webhook-secret-env/-file, webhooks for this connection get 401\n",
        );
    });

  connect
    .command("list")
    .description("connections, where each stands (first sync, reconciliation cursor), records remembered")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("table"))
    .action(async (o: { format: Format }) => {
      const { connectorStore, listConnections, describeSecretRef, FIRST_SYNC_STREAM, RECONCILE_STREAM } = await import(
        "@hr-radar/connectors"
      );
      const rows = await withDatabase(async (db) => {
        // the store's record key is not needed to list, so no secret is read here
        const store = connectorStore(db, "listing-needs-no-employee-key");
        return Promise.all(
          (await listConnections(db)).map(async (c) => {
            const cps = new Map((await store.checkpoints(c.connectionId)).map((cp) => [cp.stream, cp.cursor]));
            return {
              connection: c.connectionId,
              organisation: c.organisationId,
              vendor: c.vendor,
              schedule: c.schedule,
              firstSync: cps.get(FIRST_SYNC_STREAM) ?? "pending",
              reconciledFrom: cps.get(RECONCILE_STREAM) ?? null,
              records: await store.recordCount(c.connectionId),
              secrets: Object.entries(c.credentials)
                .map(([name, ref]) => `${name}: ${describeSecretRef(ref)}`)
                .join("; "),
            };
          }),
        );
      });
      const columns: Column<(typeof rows)[number]>[] = [
        { header: "connection", value: (r) => r.connection },
        { header: "organisation", value: (r) => r.organisation },
        { header: "vendor", value: (r) => r.vendor },
        { header: "schedule", value: (r) => r.schedule },
        { header: "first sync", value: (r) => r.firstSync },
        { header: "reconciled from", value: (r) => r.reconciledFrom },
        { header: "records", value: (r) => r.records, align: "right" },
        { header: "secrets", value: (r) => r.secrets, maxWidth: 60 },
      ];
      process.stdout.write(render(rows, columns, o.format, "no connections: add one with `hr-radar connect add`"));
    });

  connect
    .command("test <connection>")
    .description("check the credentials and print what a first sync would send (counts); sends nothing")
    .action(async (id: string) => {
      const { runConnectionHere } = await import("./connect-run.ts");
      const { summary, account } = await runConnectionHere(id, { dryRun: true });
      process.stdout.write(
        `${account}\nfirst sync would send ${describeSummary(summary)}\n${describeUnmapped(summary)}`,
      );
    });

  connect
    .command("sync <connection>")
    .description("run a pass now, in this process: the first sync until one completed, then a reconciliation")
    .option("--first", "run the first sync again (repeats are counted once by the ingest)")
    .option("--snapshot", "send today's headcount snapshot and HR team instead")
    .action(async (id: string, o: { first?: boolean; snapshot?: boolean }) => {
      const { runConnectionHere } = await import("./connect-run.ts");
      const run = o.snapshot ? "snapshot" : o.first ? "first-sync" : "sync";
      const { summary } = await runConnectionHere(id, { run });
      process.stdout.write(`${summary.run}: sent ${describeSummary(summary)}\n${describeUnmapped(summary)}`);
    });

  connect
    .command("remove <connection>")
    .description("remove a connection with its checkpoints and remembered state (events already sent stay)")
    .action(async (id: string) => {
      const { removeConnection } = await import("@hr-radar/connectors");
      if (!(await withDatabase((db) => removeConnection(db, id)))) throw new CliError(`no connection ${id}`, 1);
      process.stdout.write(`connection ${id} removed\n`);
    });
}

function secretRef(flag: string, env: string | undefined, file: string | undefined): SecretRef | undefined {
  if (env && file) throw new CliError(`${flag}-env and ${flag}-file: give one of them`, 2);
  if (env) return { env };
  if (file) return { file };
  return undefined;
}

function vendorConfig(o: AddOptions): Connection["config"] {
  let mapping: unknown;
  if (o.mappingFile) {
    try {
      mapping = JSON.parse(readFileSync(o.mappingFile, "utf8"));
    } catch (error) {
      throw new CliError(`--mapping-file ${o.mappingFile}: ${(error as Error).message}`, 2);
    }
  }
  let config: Connection["config"] = {};
  if (o.settingsFile) {
    try {
      const settings = JSON.parse(readFileSync(o.settingsFile, "utf8")) as unknown;
      if (typeof settings !== "object" || settings === null || Array.isArray(settings))
        throw new Error("not a JSON object");
      config = { ...(settings as Connection["config"]) };
    } catch (error) {
      throw new CliError(`--settings-file ${o.settingsFile}: ${(error as Error).message}`, 2);
    }
  }
  if (o.subdomain !== undefined) config.subdomain = o.subdomain;
  if (o.linkedAccount !== undefined) config.linkedAccountId = o.linkedAccount;
  if (o.pageSize !== undefined) config.pageSize = o.pageSize;
  if (o.baseUrl !== undefined) config.baseUrl = o.baseUrl;
  if (o.timeZone !== undefined) config.timeZone = o.timeZone;
  if (mapping !== undefined) config.mapping = mapping;
  if (o.orgName !== undefined)
    config.profile = {
      name: o.orgName,
      ...(o.industry ? { industry: o.industry } : {}),
      ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    };
  return config;
}

const TYPE_NAMES: Record<string, string> = {
  "hrradar.organisation.profile.v1": "organisation profiles",
  "hrradar.employee.hired.v1": "hires",
  "hrradar.employee.terminated.v1": "terminations",
  "hrradar.employee.changed.v1": "changes",
  "hrradar.headcount.snapshot.v1": "headcount snapshots",
  "hrradar.hr_team.snapshot.v1": "HR-team rosters",
};

/** `213 events (1 organisation profiles, 98 hires, ...) for 120 records`. */
export function describeSummary(summary: RunSummary): string {
  const parts = Object.entries(summary.byType).map(([type, n]) => `${n} ${TYPE_NAMES[type] ?? type}`);
  return `${summary.events} events${parts.length ? ` (${parts.join(", ")})` : ""} for ${summary.records} records`;
}

/** One line per value the mapping could not place. */
export function describeUnmapped(summary: RunSummary): string {
  if (summary.unmapped.length === 0) return "";
  return `not in the mapping (see README "Mappings"):\n${summary.unmapped.map((u) => `  ${u.field} "${u.value}": ${u.outcome}\n`).join("")}`;
}
