import { mapCategory } from "@hr-radar/policy";
import type { UnmappedValue } from "../core/mapping.ts";
import { type EmitBatch, type OutgoingEvent, RECONCILE_STREAM, type SyncContext } from "../core/source.ts";
import type { TicketChange, TicketIssue } from "./ticket-changes.ts";

// Ticket changes -> the core's EmitBatch: the CloudEvent envelope with the connection's
// source and a deterministic id (ticket id + change key), the event's own instant as
// `time` (so the same change is byte-for-byte the same event on every fetch), and what the
// normaliser could not place reported as unmapped values.

/** The CloudEvents of a set of ticket changes. */
export function ticketEvents(ctx: SyncContext<unknown>, changes: readonly TicketChange[]): OutgoingEvent[] {
  return changes.map((c) => ({
    specversion: "1.0",
    id: ctx.eventId(c.data.ticketId, c.change),
    source: ctx.source,
    type: c.type,
    time: c.time,
    data: c.data,
  }));
}

/**
 * Categories the default mapping does not place (they count as `unmapped` unless the
 * organisation's profile maps them), and the normaliser's issues, one report per value.
 */
export function unmappedOf(changes: readonly TicketChange[], issues: readonly TicketIssue[]): UnmappedValue[] {
  const seen = new Map<string, UnmappedValue>();
  for (const c of changes) {
    if (c.type !== "hrradar.ticket.opened.v1") continue;
    const mapping = mapCategory(c.data.category, {});
    if (mapping.source === "unmapped" && !seen.has(`c:${c.data.category}`))
      seen.set(`c:${c.data.category}`, {
        field: "helpdeskCategory",
        value: c.data.category,
        outcome: "counted as unmapped unless the organisation profile's helpdeskCategories maps it",
      });
  }
  for (const issue of issues) {
    const field = issue.code === "implausible_minutes" ? "handlingMinutes" : "helpdeskCategory";
    const key = `${field}:${issue.message}`;
    if (!seen.has(key)) seen.set(key, { field, value: `ticket ${issue.ticketId}`, outcome: issue.message });
  }
  return [...seen.values()];
}

/** One EmitBatch from changes, issues and an optional checkpoint of the `reconcile` stream. */
export function emitBatch(
  ctx: SyncContext<unknown>,
  batch: { changes: readonly TicketChange[]; issues: readonly TicketIssue[]; checkpoint?: string },
): EmitBatch {
  const unmapped = unmappedOf(batch.changes, batch.issues);
  return {
    events: ticketEvents(ctx, batch.changes),
    ...(unmapped.length > 0 ? { unmapped } : {}),
    ...(batch.checkpoint === undefined ? {} : { checkpoint: { stream: RECONCILE_STREAM, cursor: batch.checkpoint } }),
  };
}
