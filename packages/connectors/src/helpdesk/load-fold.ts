import { mapCategory } from "@hr-radar/policy";
import type { TicketChange } from "./ticket-changes.ts";

// The ticket contract's counting rules over a set of events, in memory: the first opening,
// the first escalation and the latest resolution (its minutes replace earlier ones) per
// ticket, counted per Monday-week (UTC) and function. `connect test` prints it as what a
// first sync would send, and unit tests compare it with a stand-in's own figures.

/** One week's load of one function. */
export interface LoadWeek {
  weekStart: string;
  hrFunction: string;
  opened: number;
  resolved: number;
  escalated: number;
  handlingMinutes: number;
  resolvedWithoutMinutes: number;
}

/** Weekly load per function of a set of ticket events, by the contract's rules. */
export function foldLoad(
  changes: readonly TicketChange[],
  profileMapping: Readonly<Record<string, string>> = {},
): LoadWeek[] {
  const tickets = new Map<
    string,
    { category: string; opened?: string; escalated?: string; resolved?: string; minutes?: number }
  >();
  for (const c of changes) {
    const key = `${c.data.organisationId}\u0000${c.data.ticketId}`;
    const t = tickets.get(key) ?? { category: c.data.category };
    if (c.type === "hrradar.ticket.opened.v1") {
      if (t.opened === undefined || c.data.openedAt < t.opened) {
        t.opened = c.data.openedAt;
        t.category = c.data.category;
      }
    } else if (c.type === "hrradar.ticket.escalated.v1") {
      if (t.escalated === undefined || c.data.escalatedAt < t.escalated) t.escalated = c.data.escalatedAt;
    } else if (t.resolved === undefined || c.data.resolvedAt >= t.resolved) {
      t.resolved = c.data.resolvedAt;
      if (c.data.handlingMinutes === undefined) delete t.minutes;
      else t.minutes = c.data.handlingMinutes;
    }
    tickets.set(key, t);
  }
  const rows = new Map<string, LoadWeek>();
  const row = (at: string, category: string) => {
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
  for (const t of tickets.values()) {
    if (t.opened !== undefined) row(t.opened, t.category).opened++;
    if (t.escalated !== undefined) row(t.escalated, t.category).escalated++;
    if (t.resolved !== undefined) {
      const r = row(t.resolved, t.category);
      r.resolved++;
      if (t.minutes === undefined) r.resolvedWithoutMinutes++;
      else r.handlingMinutes += t.minutes;
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.weekStart.localeCompare(b.weekStart) || a.hrFunction.localeCompare(b.hrFunction),
  );
}

function mondayOf(instant: string): string {
  const at = new Date(instant);
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}
