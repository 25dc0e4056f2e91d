import type { SourceAdapter, SyncContext } from "../../core/source.ts";
import { emitBatch } from "../emit.ts";
import { ZendeskClient } from "./client.ts";
import { type ZendeskConfig, zendeskConfigSchema } from "./config.ts";
import { zendeskBatches, zendeskFetchTickets } from "./sync.ts";
import { verifyZendeskWebhook, zendeskWebhookTickets } from "./webhook.ts";

const client = (ctx: SyncContext<ZendeskConfig>) => new ZendeskClient(ctx.config, ctx.secret("apiKey"), ctx.http);
const startOf = (ctx: SyncContext<ZendeskConfig>) => new Date(`${ctx.connection.startDate}T00:00:00Z`);

/**
 * Zendesk Support: first sync and reconciliation from the cursor-based incremental ticket
 * export (the cursor is the checkpoint), the group history from audits for tickets that
 * changed group, webhooks (ticket events, or a trigger's body with `ticket_id`) verified by
 * X-Zendesk-Webhook-Signature and answered by fetching the named tickets.
 */
export const zendeskAdapter: SourceAdapter<ZendeskConfig> = {
  vendor: "zendesk",
  kind: "helpdesk",
  title: "Zendesk",
  configSchema: zendeskConfigSchema,
  secrets: ["apiKey", "webhookSecret"],
  verifyWebhook: verifyZendeskWebhook,
  webhookChanges(rawBody) {
    try {
      JSON.parse(rawBody.toString("utf8"));
    } catch {
      return null;
    }
    return zendeskWebhookTickets(rawBody).map((id) => ({ recordId: String(id), action: "ticket.changed" }));
  },

  async *firstSync(ctx) {
    for await (const batch of zendeskBatches(client(ctx), ctx.connection.organisationId, ctx.config, {
      startTime: startOf(ctx),
    }))
      yield emitBatch(ctx, batch);
  },

  async *reconcile(ctx, checkpoint) {
    const from = checkpoint === null ? { startTime: startOf(ctx) } : { cursor: checkpoint };
    for await (const batch of zendeskBatches(client(ctx), ctx.connection.organisationId, ctx.config, from))
      yield emitBatch(ctx, batch);
  },

  async *fetchChanged(ctx, recordIds) {
    const ids = recordIds.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) return;
    yield emitBatch(ctx, await zendeskFetchTickets(client(ctx), ctx.connection.organisationId, ctx.config, ids));
  },

  async probe(ctx) {
    const directory = await client(ctx).directory();
    const tiers = [...directory.groups.values()].map((name) => `${name} (tier ${ctx.config.tiers[name] ?? 1})`);
    return { account: `Zendesk ${ctx.config.subdomain ?? ctx.config.baseUrl}: groups ${tiers.join(", ")}` };
  },
};
