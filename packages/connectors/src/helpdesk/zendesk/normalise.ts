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
import type { ZendeskConfig } from "./config.ts";

// Zendesk tickets -> ticket events. Pure: the records come from the client, the result goes
// to the producer. Shapes: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/,
// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/,
// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/.

/** The fields of a Zendesk ticket the connector reads. */
export interface ZendeskTicket {
  id: number;
  created_at: string;
  updated_at: string;
  status: string;
  group_id?: number | null;
  ticket_form_id?: number | null;
  tags?: string[];
  custom_fields?: { id: number; value: unknown }[];
}

/** The fields of a ticket's metric set the connector reads. */
export interface ZendeskMetricSet {
  ticket_id: number;
  group_stations?: number | null;
  reopens?: number | null;
  solved_at?: string | null;
}

/** One audit of a ticket, with its field changes. */
export interface ZendeskAudit {
  created_at: string;
  events: { type: string; field_name?: string; value?: unknown; previous_value?: unknown }[];
}

/** Names the connector looks up by id. */
export interface ZendeskDirectory {
  groups: ReadonlyMap<number, string>;
  forms: ReadonlyMap<number, string>;
}

/** Everything known about one ticket. */
export interface ZendeskTicketRecord {
  ticket: ZendeskTicket;
  metrics?: ZendeskMetricSet;
  /** Present when fetched: needed for escalations and for the opening group. */
  audits?: ZendeskAudit[];
}

/** Category used when the configured source has no value: counted as `unmapped`, never dropped. */
export const UNCATEGORISED = "uncategorised";

/**
 * True when the ticket's group history is needed: it passed through more than one group
 * (`group_stations`), so an escalation and the opening group are only in its audits.
 */
export function needsAudits(record: Pick<ZendeskTicketRecord, "ticket" | "metrics">): boolean {
  return (record.metrics?.group_stations ?? 1) > 1;
}

/** The ticket's events: opened; escalated on each move to a higher tier; resolved when solved or closed. */
export function normaliseZendeskTicket(
  organisationId: string,
  record: ZendeskTicketRecord,
  directory: ZendeskDirectory,
  config: ZendeskConfig,
): NormalisedTicket {
  const { ticket } = record;
  const ticketId = String(ticket.id);
  const issues: TicketIssue[] = [];
  // A deleted ticket is in the export so mirrors can drop it; the contract has no removal,
  // so what was counted stays counted (documented in the README).
  if (ticket.status === "deleted") return { changes: [], issues };
  const openedAt = instant(ticket.created_at);
  if (openedAt === undefined) {
    return {
      changes: [],
      issues: [{ ticketId, code: "bad_timestamp", message: `created_at ${ticket.created_at} is not a time` }],
    };
  }
  const groupMoves = groupChanges(record.audits ?? []);
  const openingGroupId = groupMoves.opening ?? ticket.group_id ?? undefined;
  const group = (id: number | undefined) =>
    id === undefined ? undefined : { id: String(id), ...nameOf(directory.groups, id) };
  const category = categoryOf(ticket, openingGroupId, directory, config);
  if (category === undefined) {
    issues.push({
      ticketId,
      code: "missing_category",
      message: `no ${config.category.source} to categorise by; counted as ${UNCATEGORISED}`,
    });
  }
  const id: TicketIdentity = { organisationId, ticketId, category: category ?? UNCATEGORISED };
  let tier = tierOf(group(openingGroupId), config.tiers);
  const changes = [openedChange(id, openedAt, tier)];
  for (const move of groupMoves.changes) {
    const toTier = tierOf(group(move.to), config.tiers);
    const at = instant(move.at);
    if (at !== undefined && toTier > tier) changes.push(...escalatedChange(id, at, tier, toTier));
    tier = Math.max(tier, toTier);
  }
  if (ticket.status === "solved" || ticket.status === "closed") {
    const resolvedAt = instant(record.metrics?.solved_at) ?? instant(ticket.updated_at);
    if (resolvedAt !== undefined) {
      const resolved = resolvedChange(id, resolvedAt, minutesOf(ticket, config));
      changes.push(...resolved.changes);
      issues.push(...resolved.issues);
    }
  }
  return { changes, issues };
}

function nameOf(names: ReadonlyMap<number, string>, id: number): { name?: string } {
  const name = names.get(id);
  return name === undefined ? {} : { name };
}

/** The opening group (from the Create audit) and every later group change, oldest first. */
function groupChanges(audits: readonly ZendeskAudit[]): { opening?: number; changes: { at: string; to: number }[] } {
  let opening: number | undefined;
  const changes: { at: string; to: number }[] = [];
  const sorted = [...audits].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  for (const audit of sorted) {
    for (const event of audit.events) {
      if (event.field_name !== "group_id") continue;
      const value = Number(event.value);
      if (!Number.isInteger(value) || value <= 0) continue;
      if (event.type === "Create" && opening === undefined) opening = value;
      else if (event.type === "Change") {
        if (opening === undefined && event.previous_value != null) opening = Number(event.previous_value);
        changes.push({ at: audit.created_at, to: value });
      }
    }
  }
  return opening === undefined ? { changes } : { opening, changes };
}

function categoryOf(
  ticket: ZendeskTicket,
  openingGroupId: number | undefined,
  directory: ZendeskDirectory,
  config: ZendeskConfig,
): string | undefined {
  const source = config.category;
  switch (source.source) {
    case "group":
      return openingGroupId === undefined
        ? undefined
        : (directory.groups.get(openingGroupId) ?? String(openingGroupId));
    case "form": {
      const form = ticket.ticket_form_id ?? undefined;
      return form === undefined ? undefined : (directory.forms.get(form) ?? String(form));
    }
    case "tag": {
      const tags = ticket.tags ?? [];
      return source.tags.length === 0 ? tags[0] : source.tags.find((t) => tags.includes(t));
    }
    case "custom_field": {
      const value = ticket.custom_fields?.find((f) => f.id === source.fieldId)?.value;
      return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    }
  }
}

/** Minutes from the time-tracking field (seconds); absent, unset, zero or not a number -> none. */
function minutesOf(ticket: ZendeskTicket, config: ZendeskConfig): number | undefined {
  if (config.timeSpentFieldId === undefined) return undefined;
  const raw = ticket.custom_fields?.find((f) => f.id === config.timeSpentFieldId)?.value;
  const seconds =
    typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round((seconds / 60) * 100) / 100 : undefined;
}
