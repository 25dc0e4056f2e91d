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
import { MergeHrisClient } from "./client.ts";
import { mergeEmployee } from "./normalise.ts";
import { mergeWebhookChanges, verifyMergeWebhook } from "./webhook.ts";

/** A Merge HRIS connection's settings. */
export const mergeHrisConfigSchema = z.strictObject({
  /** https://api.merge.dev, the EU (api-eu.merge.dev) or APAC host, or a stand-in. */
  baseUrl: z.url({ protocol: /^https?$/ }).default("https://api.merge.dev"),
  /**
   * The Linked Account this connection reads. Merge sends every Linked Account's webhooks
   * to every webhook URL of your Merge organisation, so deliveries for other accounts are
   * ignored (recommended; without it every delivery is taken as this account's).
   */
  linkedAccountId: z.string().min(1).optional(),
  /** Employees per page (Merge allows up to 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  ...hrisConnectionSettings,
});
export type MergeHrisConfig = z.output<typeof mergeHrisConfigSchema> & HrisConnectionSettings;

const client = (ctx: SyncContext<MergeHrisConfig>) =>
  new MergeHrisClient({
    baseUrl: ctx.config.baseUrl,
    apiKey: ctx.secret("apiKey"),
    accountToken: ctx.secret("accountToken"),
    http: ctx.http,
    pageSize: ctx.config.pageSize,
  });

async function* normalised(pages: AsyncIterable<Parameters<typeof mergeEmployee>[0][]>): AsyncIterable<HrisEmployee[]> {
  for await (const page of pages) yield page.map(mergeEmployee);
}

/**
 * Merge (unified HRIS API): the Employee common model with employments and groups expanded,
 * one Linked Account per connection; reconciliation with `modified_after`; webhooks signed
 * in X-Merge-Webhook-Signature, the named employee fetched (a repeated delivery produces
 * nothing new).
 */
export const mergeHrisAdapter: SourceAdapter<MergeHrisConfig> = {
  vendor: "merge-hris",
  kind: "hris",
  title: "Merge (HRIS)",
  configSchema: mergeHrisConfigSchema as z.ZodType<MergeHrisConfig>,
  secrets: ["apiKey", "accountToken", "webhookSecret"],
  verifyWebhook: ({ rawBody, headers, secret }) => verifyMergeWebhook(rawBody, headers, secret),
  webhookChanges(rawBody, config) {
    const changes = mergeWebhookChanges(rawBody);
    if (changes === null) return null;
    return changes
      .filter((c) => config.linkedAccountId === undefined || c.linkedAccountId === config.linkedAccountId)
      .map(({ recordId, action }) => ({ recordId, action }));
  },

  firstSync: (ctx) => firstSyncBatches(ctx, normalised(client(ctx).employees())),

  async *reconcile(ctx, checkpoint) {
    const since = checkpoint ?? `${ctx.connection.startDate}T00:00:00Z`;
    yield* employeeBatches(ctx, normalised(client(ctx).employees(since)));
    yield { events: [], checkpoint: reconcileCheckpoint(ctx) };
  },

  fetchChanged(ctx, recordIds) {
    const merge = client(ctx);
    return employeeBatches(
      ctx,
      namedEmployees(recordIds, async (id) => mergeEmployee(await merge.employee(id))),
    );
  },

  async *snapshot(ctx) {
    yield snapshotBatch(ctx, await collect(normalised(client(ctx).employees())), false);
  },

  async probe(ctx) {
    let employees = 0;
    for await (const page of client(ctx).employees()) employees += page.length;
    return { account: `Merge Linked Account ${ctx.config.linkedAccountId ?? "(any)"}: ${employees} employees` };
  },
};
