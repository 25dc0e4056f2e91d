import { chance, integerBetween, mulberry32, pick, type Uniform } from "@hr-radar/demo-feed";
import { mapCategory } from "@hr-radar/policy";

// One vendor-neutral ticket history that every helpdesk stand-in renders in its own API's
// shapes (Zendesk tickets + audits, Jira issues + changelog + worklogs, Merge Tickets). The
// history also counts itself, week by week and function by function, by the rules of the
// ticket contract, so a test compares the pipeline's trends with figures the connector
// under test never computed.

/** A helpdesk group (Zendesk group, Jira team, Merge team) and the service tier it works at. */
export interface HelpdeskGroup {
  id: number;
  name: string;
  tier: number;
}

/** One ticket's life, as the helpdesk recorded it. */
export interface HistoryTicket {
  id: number;
  /** The helpdesk category (the name of the tier-1 group it was opened in). */
  category: string;
  /** The group the ticket was opened in. */
  groupId: number;
  createdAt: Date;
  /** A move to a tier-2 group. */
  escalation?: { at: Date; toGroupId: number };
  /** Every time the ticket was solved, in order; a reopen lies between two. */
  solves: Date[];
  /** When it was reopened (one per solve except the last, when the ticket is solved now). */
  reopens: Date[];
  /** Hands-on time recorded by time tracking, in seconds; absent when nobody tracked it. */
  trackedSeconds?: number;
  /** The share of `trackedSeconds` already tracked at each solve (cumulative). */
  trackedAtSolve: number[];
  updatedAt: Date;
}

/** Figures of one week (Monday, UTC) and one HR function, by the contract's counting rules. */
export interface ExpectedLoadWeek {
  weekStart: string;
  hrFunction: string;
  opened: number;
  resolved: number;
  escalated: number;
  handlingMinutes: number;
  resolvedWithoutMinutes: number;
}

/** Settings of a generated history. */
export interface TicketHistoryOptions {
  seed: number;
  weeks: number;
  /** The end of the history; the tickets' instants all lie before it. */
  now: Date;
  /** Tier-1 groups; each ticket opens in one and is categorised by its name. */
  tier1Groups: readonly string[];
  /** The tier-2 group escalations move to. */
  tier2Group: string;
  ticketsPerWeek: number;
  /** Share of tickets with time tracking. */
  trackedShare?: number;
  escalationShare?: number;
  reopenShare?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A seeded, reproducible ticket history with its own expected counts. */
export class TicketHistory {
  readonly groups: HelpdeskGroup[];
  readonly tickets = new Map<number, HistoryTicket>();
  private nextId: number;
  readonly options: TicketHistoryOptions;

  constructor(options: TicketHistoryOptions) {
    this.options = options;
    this.groups = [
      ...options.tier1Groups.map((name, i) => ({ id: 360_000_100 + i, name, tier: 1 })),
      { id: 360_000_900, name: options.tier2Group, tier: 2 },
    ];
    const random = mulberry32(options.seed);
    const start = options.now.getTime() - options.weeks * 7 * DAY;
    const count = options.weeks * options.ticketsPerWeek;
    let id = 1000;
    for (let i = 0; i < count; i++) {
      const createdAt = new Date(start + Math.floor(random() * (options.weeks * 7 * DAY - 6 * HOUR)));
      const ticket = this.generateTicket(random, id++, createdAt);
      this.tickets.set(ticket.id, ticket);
    }
    this.nextId = id;
  }

  private generateTicket(random: Uniform, id: number, createdAt: Date): HistoryTicket {
    const o = this.options;
    const tier1 = this.groups.filter((g) => g.tier === 1);
    const group = pick(random, tier1);
    const now = o.now.getTime();
    const ticket: HistoryTicket = {
      id,
      category: group.name,
      groupId: group.id,
      createdAt,
      solves: [],
      reopens: [],
      trackedAtSolve: [],
      updatedAt: createdAt,
    };
    let at = createdAt.getTime();
    if (chance(random, o.escalationShare ?? 0.15)) {
      const escalatedAt = at + integerBetween(random, 1, 24) * HOUR;
      if (escalatedAt < now) {
        ticket.escalation = { at: new Date(escalatedAt), toGroupId: this.tier2().id };
        at = escalatedAt;
      }
    }
    const solvedAt = at + integerBetween(random, 2, 120) * HOUR;
    if (solvedAt < now) {
      ticket.solves.push(new Date(solvedAt));
      at = solvedAt;
      // A reopen is generated only when the second solve also lies in the past: a ticket
      // reopened and still open would keep its first resolution counted (the contract has
      // no "reopened" event), which is documented, not something the fixture hides.
      if (chance(random, o.reopenShare ?? 0.08)) {
        const reopenedAt = at + integerBetween(random, 1, 48) * HOUR;
        const solvedAgain = reopenedAt + integerBetween(random, 2, 72) * HOUR;
        if (solvedAgain < now) {
          ticket.reopens.push(new Date(reopenedAt));
          ticket.solves.push(new Date(solvedAgain));
          at = solvedAgain;
        }
      }
    }
    if (chance(random, o.trackedShare ?? 0.6)) {
      ticket.trackedSeconds = integerBetween(random, 5, 120) * 60;
      ticket.trackedAtSolve = ticket.solves.map((_, i, all) => (i === all.length - 1 ? 1 : 0.5));
    }
    ticket.updatedAt = new Date(at);
    return ticket;
  }

  /** The tier-2 group. */
  tier2(): HelpdeskGroup {
    const group = this.groups.find((g) => g.tier === 2);
    if (group === undefined) throw new Error("no tier-2 group");
    return group;
  }

  /** The group a ticket is in now. */
  currentGroup(ticket: HistoryTicket): HelpdeskGroup {
    const id = ticket.escalation?.toGroupId ?? ticket.groupId;
    const group = this.groups.find((g) => g.id === id);
    if (group === undefined) throw new Error(`unknown group ${id}`);
    return group;
  }

  /** True when the ticket's last state change was a solve. */
  isSolved(ticket: HistoryTicket): boolean {
    return ticket.solves.length > 0 && ticket.reopens.length < ticket.solves.length;
  }

  /** Hands-on seconds tracked so far (cumulative, as time-tracking fields hold it). */
  trackedSoFar(ticket: HistoryTicket): number | undefined {
    if (ticket.trackedSeconds === undefined) return undefined;
    if (this.isSolved(ticket)) return this.trackedAtLastSolve(ticket);
    return Math.round(ticket.trackedSeconds / 120) * 60;
  }

  /** A new ticket, opened in a tier-1 group (a webhook test's "new ticket"). */
  open(groupName: string, at: Date, trackedSeconds?: number): HistoryTicket {
    const group = this.groups.find((g) => g.name === groupName && g.tier === 1);
    if (group === undefined) throw new Error(`no tier-1 group ${groupName}`);
    const ticket: HistoryTicket = {
      id: this.nextId++,
      category: group.name,
      groupId: group.id,
      createdAt: at,
      solves: [],
      reopens: [],
      trackedAtSolve: [],
      updatedAt: at,
      ...(trackedSeconds === undefined ? {} : { trackedSeconds }),
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  /** Moves a ticket to the tier-2 group. */
  escalate(id: number, at: Date): HistoryTicket {
    const ticket = this.ticket(id);
    if (ticket.escalation !== undefined) throw new Error(`ticket ${id} is already escalated`);
    ticket.escalation = { at, toGroupId: this.tier2().id };
    ticket.updatedAt = at;
    return ticket;
  }

  /** Solves a ticket; `trackedSeconds` is the time-tracking total after the solve. */
  solve(id: number, at: Date, trackedSeconds?: number): HistoryTicket {
    const ticket = this.ticket(id);
    if (this.isSolved(ticket)) throw new Error(`ticket ${id} is already solved`);
    ticket.solves.push(at);
    if (trackedSeconds !== undefined) ticket.trackedSeconds = trackedSeconds;
    ticket.trackedAtSolve = ticket.solves.map((_, i, all) =>
      i === all.length - 1 ? 1 : (ticket.trackedAtSolve[i] ?? 1),
    );
    ticket.updatedAt = at;
    return ticket;
  }

  /** Reopens a solved ticket. */
  reopen(id: number, at: Date): HistoryTicket {
    const ticket = this.ticket(id);
    if (!this.isSolved(ticket)) throw new Error(`ticket ${id} is not solved`);
    ticket.reopens.push(at);
    ticket.updatedAt = at;
    return ticket;
  }

  /** One ticket by id. */
  ticket(id: number): HistoryTicket {
    const ticket = this.tickets.get(id);
    if (ticket === undefined) throw new Error(`no ticket ${id}`);
    return ticket;
  }

  /** Tickets still open (never solved, or reopened), oldest first. */
  openTickets(): HistoryTicket[] {
    return [...this.tickets.values()].filter((t) => !this.isSolved(t)).sort((a, b) => a.id - b.id);
  }

  /**
   * The history's own weekly load per function, as the ticket contract counts it: opened
   * and escalated in the week they happened (the first escalation), resolved with its
   * minutes in the week of the last solve (a later resolution replaces an earlier one), a
   * reopened ticket not solved again still counted at its earlier solve.
   * `escalationSeenAt: "last-update"` is for sources without history (Merge's Ticket
   * model): a connector learns of an escalation when it first sees the ticket in a tier-2
   * team, i.e. at the ticket's last update before that fetch.
   */
  expectedLoad(
    profileMapping: Readonly<Record<string, string>> = {},
    options: { escalationSeenAt?: "event" | "last-update" } = {},
  ): ExpectedLoadWeek[] {
    const rows = new Map<string, ExpectedLoadWeek>();
    const row = (at: Date, category: string) => {
      const weekStart = mondayOf(at);
      const hrFunction = mapCategory(category, profileMapping).hrFunction;
      const key = `${weekStart}|${hrFunction}`;
      let found = rows.get(key);
      if (found === undefined) {
        found = {
          weekStart,
          hrFunction,
          opened: 0,
          resolved: 0,
          escalated: 0,
          handlingMinutes: 0,
          resolvedWithoutMinutes: 0,
        };
        rows.set(key, found);
      }
      return found;
    };
    for (const t of this.tickets.values()) {
      row(t.createdAt, t.category).opened++;
      if (t.escalation !== undefined)
        row(options.escalationSeenAt === "last-update" ? t.updatedAt : t.escalation.at, t.category).escalated++;
      const lastSolve = t.solves.at(-1);
      if (lastSolve === undefined) continue;
      const r = row(lastSolve, t.category);
      r.resolved++;
      const seconds = this.trackedAtLastSolve(t);
      if (seconds === undefined) r.resolvedWithoutMinutes++;
      else r.handlingMinutes += seconds / 60;
    }
    return [...rows.values()].sort(
      (a, b) => a.weekStart.localeCompare(b.weekStart) || a.hrFunction.localeCompare(b.hrFunction),
    );
  }

  /** Seconds tracked at the last solve, which is what the last resolution event carries. */
  trackedAtLastSolve(t: HistoryTicket): number | undefined {
    if (t.trackedSeconds === undefined || t.solves.length === 0) return undefined;
    const share = t.trackedAtSolve[t.solves.length - 1] ?? 1;
    return Math.round((t.trackedSeconds * share) / 60) * 60;
  }
}

/** The Monday (UTC) that starts the week of an instant, as `YYYY-MM-DD`. */
export function mondayOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}
