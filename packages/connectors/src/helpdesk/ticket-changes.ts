import { MAX_HANDLING_MINUTES_PER_TICKET, TICKET_EVENT_TYPES } from "@hr-radar/events";

// What every helpdesk normaliser returns: the contract's ticket events for one ticket, each
// with a change key that, with the vendor, connection and ticket id, makes its CloudEvent
// id. The key carries every value the event carries, so a repeated fetch of an unchanged
// ticket yields the same ids (the ingest's ledger counts them once), and a changed value
// (minutes tracked after the solve, a second solve after a reopen) yields a new id whose
// event the ingest merges by the contract's rules (a later resolution replaces the earlier
// one's minutes), instead of a conflicting duplicate.

/** `data` of `hrradar.ticket.opened.v1`. */
export interface TicketOpenedData {
  organisationId: string;
  ticketId: string;
  category: string;
  openedAt: string;
  tier: number;
}

/** `data` of `hrradar.ticket.escalated.v1`. */
export interface TicketEscalatedData {
  organisationId: string;
  ticketId: string;
  category: string;
  escalatedAt: string;
  fromTier: number;
  toTier: number;
}

/** `data` of `hrradar.ticket.resolved.v1`; `handlingMinutes` absent when the helpdesk has none. */
export interface TicketResolvedData {
  organisationId: string;
  ticketId: string;
  category: string;
  resolvedAt: string;
  handlingMinutes?: number;
}

/** One contract event for one ticket, before it gets its CloudEvent envelope. */
export type TicketChange =
  | { type: typeof TICKET_EVENT_TYPES.ticketOpened; change: string; time: string; data: TicketOpenedData }
  | { type: typeof TICKET_EVENT_TYPES.ticketEscalated; change: string; time: string; data: TicketEscalatedData }
  | { type: typeof TICKET_EVENT_TYPES.ticketResolved; change: string; time: string; data: TicketResolvedData };

/** Something a normaliser could not use, reported (never silently dropped). */
export interface TicketIssue {
  ticketId: string;
  code: "implausible_minutes" | "missing_category" | "bad_timestamp";
  message: string;
}

/** What a normaliser made of one ticket. */
export interface NormalisedTicket {
  changes: TicketChange[];
  issues: TicketIssue[];
}

/** The identity every change of one ticket shares. */
export interface TicketIdentity {
  organisationId: string;
  ticketId: string;
  category: string;
}

/** `ticket.opened`. */
export function openedChange(id: TicketIdentity, openedAt: string, tier: number): TicketChange {
  return {
    type: TICKET_EVENT_TYPES.ticketOpened,
    change: `opened:${openedAt}:${tier}:${id.category}`,
    time: openedAt,
    data: { ...id, openedAt, tier },
  };
}

/** `ticket.escalated`, or nothing when the move does not go up a tier. */
export function escalatedChange(
  id: TicketIdentity,
  escalatedAt: string,
  fromTier: number,
  toTier: number,
): TicketChange[] {
  if (toTier <= fromTier) return [];
  return [
    {
      type: TICKET_EVENT_TYPES.ticketEscalated,
      change: `escalated:${escalatedAt}:${fromTier}-${toTier}:${id.category}`,
      time: escalatedAt,
      data: { ...id, escalatedAt, fromTier, toTier },
    },
  ];
}

/**
 * `ticket.resolved` with the hands-on minutes when the helpdesk tracked any. More than the
 * contract's maximum per ticket is a unit error upstream: the event goes without minutes
 * (the policy default applies) and the value is reported.
 */
export function resolvedChange(id: TicketIdentity, resolvedAt: string, minutes: number | undefined): NormalisedTicket {
  const issues: TicketIssue[] = [];
  let handlingMinutes = minutes !== undefined && Number.isFinite(minutes) && minutes > 0 ? minutes : undefined;
  if (handlingMinutes !== undefined && handlingMinutes > MAX_HANDLING_MINUTES_PER_TICKET) {
    issues.push({
      ticketId: id.ticketId,
      code: "implausible_minutes",
      message: `${handlingMinutes} handling minutes is more than ${MAX_HANDLING_MINUTES_PER_TICKET}; sent without minutes`,
    });
    handlingMinutes = undefined;
  }
  return {
    issues,
    changes: [
      {
        type: TICKET_EVENT_TYPES.ticketResolved,
        change: `resolved:${resolvedAt}:${handlingMinutes ?? "none"}:${id.category}`,
        time: resolvedAt,
        data: { ...id, resolvedAt, ...(handlingMinutes === undefined ? {} : { handlingMinutes }) },
      },
    ],
  };
}

/** An instant as RFC 3339 UTC, or undefined when the vendor's text is not one. */
export function instant(text: string | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The service tier of a group or team: the configured tier for its name or id, else the
 * default (1, the generalists). Names compare without case.
 */
export function tierOf(
  group: { id?: string; name?: string } | undefined,
  tiers: Readonly<Record<string, number>>,
  defaultTier = 1,
): number {
  if (group === undefined) return defaultTier;
  for (const [key, tier] of Object.entries(tiers)) {
    if (key === group.id || (group.name !== undefined && key.toLowerCase() === group.name.toLowerCase())) return tier;
  }
  return defaultTier;
}

/** HTTP Basic credentials. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
