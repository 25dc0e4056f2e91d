import type { EmitBatch, RecordUpdate, SourceAdapter, SyncContext } from "../../core/source.ts";
import { emitBatch } from "../emit.ts";
import type { TicketChange, TicketIssue } from "../ticket-changes.ts";
import { MergeTicketingClient } from "./client.ts";
import { type MergeTicketingConfig, mergeTicketingConfigSchema } from "./config.ts";
import { type MergeTicket, type MergeTicketState, normaliseMergeTicket } from "./normalise.ts";
import { mergeWebhookChanges, verifyMergeWebhook } from "./webhook.ts";

/** Reconciliation re-reads this much before its cursor (Merge's sync and our clock differ). */
const OVERLAP_MS = 5 * 60_000;

const client = (ctx: SyncContext<MergeTicketingConfig>) =>
  new MergeTicketingClient(ctx.config, ctx.secret("apiKey"), ctx.secret("accountToken"), ctx.http);

/** The events of some tickets, compared with their stored states, and their new states. */
async function batchOf(ctx: SyncContext<MergeTicketingConfig>, tickets: readonly MergeTicket[]): Promise<EmitBatch> {
  const previous = await ctx.states(tickets.map((t) => t.id));
  const changes: TicketChange[] = [];
  const issues: TicketIssue[] = [];
  const records: RecordUpdate[] = [];
  for (const ticket of tickets) {
    const result = normaliseMergeTicket(
      ctx.connection.organisationId,
      ticket,
      previous.get(ticket.id) as MergeTicketState | undefined,
      ctx.config,
    );
    changes.push(...result.changes);
    issues.push(...result.issues);
    records.push({ recordId: ticket.id, state: result.state });
  }
  return { ...emitBatch(ctx, { changes, issues }), records };
}

/**
 * Pages of tickets modified after an instant; the checkpoint (the latest `modified_at`
 * seen) is stored only after the last page, because Merge does not promise the listing's
 * order: a crash before it repeats the whole listing (same ids, counted once).
 */
async function* modifiedAfter(ctx: SyncContext<MergeTicketingConfig>, after: Date | null): AsyncGenerator<EmitBatch> {
  let latest: string | null = null;
  for await (const page of client(ctx).modifiedAfter(after)) {
    for (const t of page) if (t.modified_at && (latest === null || t.modified_at > latest)) latest = t.modified_at;
    yield await batchOf(ctx, page);
  }
  if (latest !== null) yield { events: [], checkpoint: { stream: "reconcile", cursor: latest } };
}

/**
 * Merge Ticketing (one integration for many helpdesks): first sync and reconciliation by
 * `modified_after`, tier moves from the stored last tier per ticket, webhooks `Ticket.*`
 * signed in X-Merge-Webhook-Signature answered by fetching the ticket.
 */
export const mergeTicketingAdapter: SourceAdapter<MergeTicketingConfig> = {
  vendor: "merge-ticketing",
  kind: "helpdesk",
  title: "Merge Ticketing",
  configSchema: mergeTicketingConfigSchema,
  secrets: ["apiKey", "accountToken", "webhookSecret"],
  verifyWebhook: verifyMergeWebhook,
  webhookChanges: (rawBody) => mergeWebhookChanges(rawBody),
  firstSync: (ctx) => modifiedAfter(ctx, null),
  reconcile: (ctx, checkpoint) =>
    modifiedAfter(ctx, checkpoint === null ? null : new Date(Date.parse(checkpoint) - OVERLAP_MS)),
  async *fetchChanged(ctx, recordIds) {
    const tickets: MergeTicket[] = [];
    for (const id of recordIds) {
      const ticket = await client(ctx).ticket(id);
      if (ticket !== null) tickets.push(ticket);
    }
    if (tickets.length > 0) yield await batchOf(ctx, tickets);
  },
  async probe(ctx) {
    const first = await client(ctx).modifiedAfter(null).next();
    return {
      account: `Merge Ticketing linked account at ${ctx.config.baseUrl}: ${first.done ? 0 : first.value.length}+ tickets`,
    };
  },
};
