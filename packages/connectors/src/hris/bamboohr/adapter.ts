import { organisationIdSchema } from "@hr-radar/events";
import { z } from "zod";
import { type EmitBatch, RECONCILE_STREAM, type SourceAdapter, type SyncContext } from "../../core/source.ts";
import { hrisConnectionSettings, profileEvents } from "../sync.ts";
import { type BambooClient, bambooApiRoot, bambooClient } from "./client.ts";
import {
  type EventStamp,
  employeeChangeEvents,
  firstSyncEvents,
  type PersonState,
  personState,
  todaySnapshots,
} from "./normalise.ts";
import { bambooWebhookChanges, verifyBambooWebhook } from "./webhook.ts";

/** A BambooHR connection's settings. */
export const bambooConfigSchema = z.strictObject({
  /** The company domain: `acme` in acme.bamboohr.com. */
  subdomain: z
    .string({ error: "required: the company domain (connect add --subdomain acme for acme.bamboohr.com)" })
    .regex(/^[a-z0-9][a-z0-9-]*$/i, "the company domain, e.g. acme for acme.bamboohr.com"),
  /** Overrides https://api.bamboohr.com (a stand-in, a proxy). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  ...hrisConnectionSettings,
});
export type BambooConfig = z.output<typeof bambooConfigSchema>;

/** Employees fetched one by one per batch (a webhook names one; reconciliation many). */
const FETCH_BATCH = 25;
/** Events per produced batch of the first sync. */
const FIRST_SYNC_BATCH = 100;

const client = (ctx: SyncContext<BambooConfig>): BambooClient =>
  bambooClient(ctx.http, bambooApiRoot(ctx.config.subdomain, ctx.config.baseUrl), ctx.secret("apiKey"));

const stampOf = (ctx: SyncContext<BambooConfig>): EventStamp => ({
  organisationId: organisationIdSchema.parse(ctx.connection.organisationId),
  source: ctx.source,
  time: ctx.now.toISOString(),
  eventId: ctx.eventId,
});

/** Fetches `ids` in small batches and turns each into the events its change amounts to. */
async function* changes(ctx: SyncContext<BambooConfig>, ids: readonly string[]): AsyncIterable<EmitBatch> {
  const bamboo = client(ctx);
  const stamp = stampOf(ctx);
  for (let i = 0; i < ids.length; i += FETCH_BATCH) {
    const slice = ids.slice(i, i + FETCH_BATCH);
    const previous = await ctx.states(slice);
    const batch: Required<Omit<EmitBatch, "checkpoint">> = { events: [], records: [], unmapped: [] };
    for (const id of slice) {
      const employee = await bamboo.employee(id);
      if (employee === null) {
        // deleted in BambooHR: not a termination (deletions are corrections); forgotten,
        // and the next daily snapshot re-anchors the headcount
        if (previous.has(id))
          ctx.logger.warn({ action: "deleted" }, "employee deleted in BambooHR: state forgotten, no event");
        batch.records.push({ recordId: id, state: null });
        continue;
      }
      const { state, unmapped } = personState(employee, ctx.config.mapping);
      batch.unmapped.push(...unmapped);
      batch.events.push(
        ...employeeChangeEvents(id, previous.get(id) as PersonState | undefined, state, stamp, ctx.today),
      );
      batch.records.push({ recordId: id, state });
    }
    yield batch;
  }
}

/**
 * BambooHR: first sync from a custom report of every employee (current and former),
 * reconciliation from "changed employee ids since", webhooks verified by
 * X-BambooHR-Signature; each changed employee fetched and compared with its stored state.
 */
export const bamboohrAdapter: SourceAdapter<BambooConfig> = {
  vendor: "bamboohr",
  kind: "hris",
  title: "BambooHR",
  configSchema: bambooConfigSchema,
  secrets: ["apiKey", "webhookSecret"],
  verifyWebhook: verifyBambooWebhook,
  webhookChanges: (rawBody) => bambooWebhookChanges(rawBody),

  async *firstSync(ctx) {
    const employees = await client(ctx).employees();
    const { people, snapshots, unmapped } = firstSyncEvents(employees, ctx.config.mapping, stampOf(ctx), {
      start: ctx.connection.startDate,
      today: ctx.today,
    });
    yield { events: profileEvents(ctx), unmapped };
    let batch: Required<Omit<EmitBatch, "checkpoint" | "unmapped">> = { events: [], records: [] };
    for (const person of people) {
      batch.events.push(...person.events);
      batch.records.push(...(person.records ?? []));
      if (batch.events.length >= FIRST_SYNC_BATCH) {
        yield batch;
        batch = { events: [], records: [] };
      }
    }
    yield batch;
    yield { events: snapshots };
  },

  async *reconcile(ctx, checkpoint) {
    const since = checkpoint ?? `${ctx.connection.startDate}T00:00:00Z`;
    const changed = await client(ctx).changedSince(since);
    const ids = Object.values(changed.employees).map((e) => e.id);
    yield* changes(ctx, ids);
    // only after every changed employee was produced (and their states stored)
    const latest =
      changed.latest ??
      Object.values(changed.employees).reduce<string | null>(
        (m, e) => (e.lastChanged && (!m || e.lastChanged > m) ? e.lastChanged : m),
        null,
      );
    yield { events: [], checkpoint: { stream: RECONCILE_STREAM, cursor: latest ?? since } };
  },

  fetchChanged: (ctx, recordIds) => changes(ctx, recordIds),

  async *snapshot(ctx) {
    const employees = await client(ctx).employees();
    const current: PersonState[] = [];
    for (const e of employees) {
      const { state } = personState(e, ctx.config.mapping);
      if (state.employed && (state.hiredOn === null || state.hiredOn <= ctx.today)) current.push(state);
    }
    yield { events: todaySnapshots(current, stampOf(ctx), ctx.today) };
  },

  async probe(ctx) {
    const employees = await client(ctx).employees();
    return { account: `BambooHR company ${ctx.config.subdomain}: ${employees.length} employee records` };
  },
};
