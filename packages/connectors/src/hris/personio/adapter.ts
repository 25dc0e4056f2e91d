import { z } from "zod";
import type { SourceAdapter, SyncContext } from "../../core/source.ts";
import type { HrisEmployee } from "../employee.ts";
import {
  collect,
  employeeBatches,
  firstSyncBatches,
  type HrisConnectionSettings,
  hrisConnectionSettings,
  namedEmployees,
  reconcileCheckpoint,
  snapshotBatch,
} from "../sync.ts";
import { PersonioClient } from "./client.ts";
import { personioEmployee } from "./normalise.ts";
import type { PersonioPerson } from "./records.ts";
import { personioWebhookChanges, verifyPersonioWebhook } from "./webhook.ts";

/** A Personio connection's settings. */
export const personioConfigSchema = z.strictObject({
  /** Overrides https://api.personio.de (a stand-in, a proxy). */
  baseUrl: z.url({ protocol: /^https?$/ }).default("https://api.personio.de"),
  /** Persons per page (Personio allows up to 50). */
  pageSize: z.number().int().min(1).max(50).default(50),
  ...hrisConnectionSettings,
});
export type PersonioConfig = z.output<typeof personioConfigSchema> & HrisConnectionSettings;

const client = (ctx: SyncContext<PersonioConfig>) =>
  new PersonioClient({
    baseUrl: ctx.config.baseUrl,
    clientId: ctx.secret("clientId"),
    clientSecret: ctx.secret("clientSecret"),
    http: ctx.http,
    pageSize: ctx.config.pageSize,
  });

/** A person with their employments and department name, normalised. */
async function employeeOf(
  personio: PersonioClient,
  person: PersonioPerson,
  updatedAfter?: string,
): Promise<HrisEmployee | null> {
  const employments = await personio.employments(person.id, updatedAfter);
  // with a filter, no employment changed since the cursor: nothing to compare
  if (updatedAfter !== undefined && employments.length === 0) return null;
  const all = updatedAfter === undefined ? employments : await personio.employments(person.id);
  const names = new Map<string, string | null>();
  for (const unit of all.flatMap((e) => e.org_units ?? []).filter((u) => u.type.toLowerCase() === "department"))
    names.set(unit.id, await personio.departmentName(unit.id));
  return personioEmployee(person, all, (id) => names.get(id) ?? null);
}

/** Every person, normalised, a page at a time; with a cursor, only those whose employment changed. */
async function* people(personio: PersonioClient, updatedAfter?: string): AsyncIterable<HrisEmployee[]> {
  for await (const page of personio.persons()) {
    const employees: HrisEmployee[] = [];
    for (const person of page) {
      const employee = await employeeOf(personio, person, updatedAfter);
      if (employee !== null) employees.push(employee);
    }
    yield employees;
  }
}

/**
 * Personio (API v2): persons and their employments read with an OAuth 2.0 client-credentials
 * token; reconciliation asks each person's employments changed since the last run
 * (`updated_at.gt`); webhooks are dataless notifications authenticated by the token
 * configured on the Personio webhook, and the named person is fetched.
 */
export const personioAdapter: SourceAdapter<PersonioConfig> = {
  vendor: "personio",
  kind: "hris",
  title: "Personio",
  configSchema: personioConfigSchema as z.ZodType<PersonioConfig>,
  secrets: ["clientId", "clientSecret", "webhookSecret"],
  verifyWebhook: ({ headers, secret }) => verifyPersonioWebhook(headers, secret),
  webhookChanges: (rawBody) => personioWebhookChanges(rawBody),

  firstSync: (ctx) => firstSyncBatches(ctx, people(client(ctx))),

  async *reconcile(ctx, checkpoint) {
    const personio = client(ctx);
    yield* employeeBatches(ctx, people(personio, checkpoint ?? undefined));
    // only after every changed person was produced
    yield { events: [], checkpoint: reconcileCheckpoint(ctx) };
  },

  fetchChanged(ctx, recordIds) {
    const personio = client(ctx);
    return employeeBatches(
      ctx,
      namedEmployees(recordIds, async (id) => employeeOf(personio, await personio.person(id))),
    );
  },

  async *snapshot(ctx) {
    yield snapshotBatch(ctx, await collect(people(client(ctx))), false);
  },

  async probe(ctx) {
    const personio = client(ctx);
    await personio.authenticate();
    let persons = 0;
    for await (const page of personio.persons()) persons += page.length;
    return { account: `Personio at ${ctx.config.baseUrl}: ${persons} persons` };
  },
};
