import { type IngestEvent, TICKET_EVENT_TYPES, type TicketVolume } from "@hr-radar/events";

type TicketEvent = Extract<IngestEvent, { type: (typeof TICKET_EVENT_TYPES)[keyof typeof TICKET_EVENT_TYPES] }>;

/** One ticket's facts from a batch, merged the same way the database merges them. */
export interface TicketFacts {
  organisationId: string;
  ticketId: string;
  /** The opened event's category when the batch has one (it wins), else the first seen. */
  category: string;
  openedAt: string | null;
  resolvedAt: string | null;
  escalatedAt: string | null;
  handlingMinutes: number | null;
  tier: number | null;
}

/** A volume report with the event time that decides which correction wins. */
export interface VolumeFacts extends TicketVolume {
  eventTime: string;
}

/** What a batch of ticket events amounts to. */
export interface TicketBatch {
  tickets: TicketFacts[];
  volumes: VolumeFacts[];
  /** Per organisation, the earliest instant any event in the batch touches. */
  earliest: Map<string, string>;
}

const T = TICKET_EVENT_TYPES;

/**
 * Merges a batch of ticket events per ticket (and per volume period) so the database sees
 * one row each. The merge is order-independent: the first opening, the first escalation
 * and the latest resolution win, whatever order the events came in.
 */
export function foldTicketEvents(events: readonly IngestEvent[]): TicketBatch {
  const tickets = new Map<string, TicketFacts>();
  const volumes = new Map<string, VolumeFacts>();
  const earliest = new Map<string, string>();
  const touch = (org: string, instant: string) => {
    const seen = earliest.get(org);
    if (seen === undefined || Date.parse(instant) < Date.parse(seen)) earliest.set(org, instant);
  };
  for (const event of events as readonly TicketEvent[]) {
    if (event.type === T.ticketVolume) {
      const key = [event.data.organisationId, event.data.category, event.data.granularity, event.data.periodStart].join(
        "\u0000",
      );
      const seen = volumes.get(key);
      if (seen === undefined || Date.parse(event.time) > Date.parse(seen.eventTime))
        volumes.set(key, { ...event.data, eventTime: event.time });
      touch(event.data.organisationId, `${event.data.periodStart}T00:00:00Z`);
      continue;
    }
    const { organisationId, ticketId, category } = event.data;
    const key = `${organisationId}\u0000${ticketId}`;
    const facts = tickets.get(key) ?? emptyTicket(organisationId, ticketId, category);
    mergeTicketEvent(facts, event);
    tickets.set(key, facts);
  }
  for (const t of tickets.values()) {
    for (const at of [t.openedAt, t.resolvedAt, t.escalatedAt]) if (at !== null) touch(t.organisationId, at);
  }
  return { tickets: [...tickets.values()], volumes: [...volumes.values()], earliest };
}

function emptyTicket(organisationId: string, ticketId: string, category: string): TicketFacts {
  return {
    organisationId,
    ticketId,
    category,
    openedAt: null,
    resolvedAt: null,
    escalatedAt: null,
    handlingMinutes: null,
    tier: null,
  };
}

function mergeTicketEvent(facts: TicketFacts, event: Exclude<TicketEvent, { type: typeof T.ticketVolume }>): void {
  switch (event.type) {
    case T.ticketOpened:
      if (facts.openedAt === null || Date.parse(event.data.openedAt) < Date.parse(facts.openedAt)) {
        facts.openedAt = event.data.openedAt;
        facts.category = event.data.category;
      }
      facts.tier = Math.max(facts.tier ?? 0, event.data.tier);
      return;
    case T.ticketResolved:
      // A later resolution (after a reopen) replaces the earlier; minutes are not summed,
      // because a resent resolution must not double the hands-on time.
      if (facts.resolvedAt === null || Date.parse(event.data.resolvedAt) >= Date.parse(facts.resolvedAt)) {
        facts.resolvedAt = event.data.resolvedAt;
        facts.handlingMinutes = event.data.handlingMinutes ?? null;
      }
      return;
    case T.ticketEscalated:
      if (facts.escalatedAt === null || Date.parse(event.data.escalatedAt) < Date.parse(facts.escalatedAt)) {
        facts.escalatedAt = event.data.escalatedAt;
      }
      facts.tier = Math.max(facts.tier ?? 0, event.data.toTier);
      return;
  }
}
