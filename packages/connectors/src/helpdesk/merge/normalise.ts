import type { RecordState } from "../../core/source.ts";
import {
  escalatedChange,
  instant,
  type NormalisedTicket,
  openedChange,
  resolvedChange,
  type TicketIdentity,
  type TicketIssue,
  tierOf,
} from "../ticket-changes.ts";
import type { MergeTicketingConfig } from "./config.ts";

// Merge Ticket common model -> ticket events, pure. The model carries the current state
// only (https://docs.merge.dev/merge-unified/ticketing/common-models/tickets/the-ticket-object),
// so a tier move is found by comparing with the ticket's stored state (its last tier), and
// dated at the ticket's `remote_updated_at` when the connector first sees the higher tier.

/** The fields of a Merge Ticket the connector reads (teams and collections expanded). */
export interface MergeTicket {
  id: string;
  remote_id?: string | null;
  created_at?: string | null;
  modified_at?: string | null;
  remote_created_at?: string | null;
  remote_updated_at?: string | null;
  status?: string | null;
  ticket_type?: string | null;
  completed_at?: string | null;
  remote_was_deleted?: boolean | null;
  assigned_teams?: ({ id?: string; name?: string | null } | string)[] | null;
  collections?: ({ id?: string; name?: string | null } | string)[] | null;
  remote_data?: { path?: string; data?: unknown }[] | null;
}

/** What is kept per ticket: the highest tier seen, and the tier it was taken to open at. */
export interface MergeTicketState extends RecordState {
  tier: number;
  openedTier: number;
}

/** Category used when the configured source has no value: counted as `unmapped`, never dropped. */
export const UNCATEGORISED = "uncategorised";

/** The ticket's events given what was known of it before, and what to keep now. */
export function normaliseMergeTicket(
  organisationId: string,
  ticket: MergeTicket,
  previous: MergeTicketState | undefined,
  config: MergeTicketingConfig,
): NormalisedTicket & { state: MergeTicketState | null } {
  const ticketId = ticket.remote_id ?? ticket.id;
  if (ticket.remote_was_deleted === true) return { changes: [], issues: [], state: null };
  const issues: TicketIssue[] = [];
  const openedAt = instant(ticket.remote_created_at ?? ticket.created_at);
  if (openedAt === undefined)
    return {
      changes: [],
      issues: [{ ticketId, code: "bad_timestamp", message: "no remote_created_at" }],
      state: previous ?? null,
    };
  const named = (list: MergeTicket["assigned_teams"]) =>
    (list ?? []).flatMap((x) =>
      typeof x === "string" ? [{ id: x }] : [{ ...(x.id ? { id: x.id } : {}), ...(x.name ? { name: x.name } : {}) }],
    );
  const teams = named(ticket.assigned_teams);
  const currentTier =
    teams.length === 0
      ? (previous?.tier ?? config.openingTier)
      : Math.max(...teams.map((t) => tierOf(t, config.tiers, config.openingTier)));
  const category =
    config.category === "ticket_type" ? ticket.ticket_type?.trim() || undefined : named(ticket.collections)[0]?.name;
  if (category === undefined)
    issues.push({
      ticketId,
      code: "missing_category",
      message: `no ${config.category} to categorise by; counted as ${UNCATEGORISED}`,
    });
  const id: TicketIdentity = { organisationId, ticketId, category: category ?? UNCATEGORISED };
  const openedTier = previous?.openedTier ?? Math.min(currentTier, config.openingTier);
  const changes = [openedChange(id, openedAt, openedTier)];
  const knownTier = previous?.tier ?? openedTier;
  const seenAt = instant(ticket.remote_updated_at ?? ticket.modified_at);
  if (currentTier > knownTier && seenAt !== undefined)
    changes.push(...escalatedChange(id, seenAt, knownTier, currentTier));
  const resolvedAt = ticket.status === "CLOSED" ? instant(ticket.completed_at ?? ticket.remote_updated_at) : undefined;
  if (resolvedAt !== undefined) {
    const resolved = resolvedChange(id, resolvedAt, minutesOf(ticket, config));
    changes.push(...resolved.changes);
    issues.push(...resolved.issues);
  }
  return { changes, issues, state: { tier: Math.max(knownTier, currentTier), openedTier } };
}

function minutesOf(ticket: MergeTicket, config: MergeTicketingConfig): number | undefined {
  if (config.remoteTime === undefined) return undefined;
  for (const entry of ticket.remote_data ?? []) {
    const value = (entry.data as Record<string, unknown> | undefined)?.[config.remoteTime.field];
    const n =
      typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (Number.isFinite(n) && n > 0) return config.remoteTime.unit === "seconds" ? Math.round((n / 60) * 100) / 100 : n;
  }
  return undefined;
}
