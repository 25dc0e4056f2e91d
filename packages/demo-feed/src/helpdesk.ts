import { MAX_HANDLING_MINUTES_PER_TICKET, TICKET_EVENT_TYPES as T } from "@hr-radar/events";
import { addDays, epochOf, laterInstant, localDate, localInstant } from "./calendar.ts";
import type { DemoEvent, EmitEvent } from "./emit.ts";
import type { DemoCompany, HelpdeskCategory } from "./model.ts";
import { chance, integerBetween, logNormal, poisson, type Uniform } from "./random.ts";
import { monthEndFactor, seasonalFactor, weekdayShare } from "./seasonality.ts";
import type { HistoryWindow, WorkforceWeeks } from "./workforce.ts";

// The helpdesk side: tickets arrive per category from the workforce (per employee, plus
// per hire for hiring and onboarding work), shaped by the week and the year, with
// week-to-week noise; some are escalated to tier 2; most are resolved a few hours to
// days later with hands-on minutes. What reaches Kafka depends on the helpdesk: every
// ticket event, or only count exports per day or per week.

interface Ticket {
  ticketId: string;
  category: HelpdeskCategory;
  openedAt: string;
  openedOn: string;
  escalatedAt: string | null;
  escalatedOn: string | null;
  resolvedAt: string | null;
  resolvedOn: string | null;
  minutes: number;
}

/** Business hours, 08:00 to 18:00 local, a little busier in the morning. */
function openingMinute(random: Uniform): number {
  return 8 * 60 + Math.floor(600 * random() ** 1.15);
}

function simulateTickets(
  company: DemoCompany,
  window: HistoryWindow,
  workforce: WorkforceWeeks,
  asOfMs: number,
  random: Uniform,
): Ticket[] {
  const { timeZone } = window;
  const tickets: Ticket[] = [];
  let nextTicket = 1000 * integerBetween(random, 2, 9);
  for (let week = 0; week < window.weeks; week++) {
    const monday = addDays(window.start, 7 * week);
    const headcount = workforce.headcount[week] ?? 0;
    const hires = workforce.hires[week] ?? 0;
    // A busy or quiet week for each category (a reorg, an outage, a policy change).
    const weekly = company.tickets.categories.map((c) => ({
      category: c,
      demand: (c.perEmployeeWeekly * headcount + (c.perHire ?? 0) * hires) * logNormal(random, 1, 0.12),
    }));
    for (let day = 0; day < 7; day++) {
      const date = addDays(monday, day);
      if (date > window.lastDate) break;
      const arrivals: { category: HelpdeskCategory; minute: number }[] = [];
      for (const { category, demand } of weekly) {
        const mean =
          demand * weekdayShare(date) * seasonalFactor(category.season, date) * monthEndFactor(category.season, date);
        for (let n = poisson(random, mean); n > 0; n--) arrivals.push({ category, minute: openingMinute(random) });
      }
      arrivals.sort((a, b) => a.minute - b.minute);
      for (const { category, minute } of arrivals) {
        const openedAt = localInstant(date, minute, timeZone);
        if (epochOf(openedAt) > asOfMs) continue;
        const escalated = chance(random, category.escalation);
        const escalatedAt = escalated ? laterInstant(openedAt, 30 + 450 * random(), timeZone) : null;
        // Harder categories and escalated tickets take longer to close.
        const hours = logNormal(random, 18 * Math.sqrt(category.minutes / 30) * (escalated ? 2 : 1), 0.9);
        const resolvedAt = laterInstant(openedAt, Math.max(15, hours * 60), timeZone);
        const minutes = Math.min(
          MAX_HANDLING_MINUTES_PER_TICKET,
          Math.max(2, Math.round(logNormal(random, category.minutes, 0.55))),
        );
        const seen = (instant: string | null): string | null =>
          instant !== null && epochOf(instant) <= asOfMs ? instant : null;
        const escalatedSeen = seen(escalatedAt);
        const resolvedSeen = seen(resolvedAt);
        tickets.push({
          ticketId: String(nextTicket++),
          category,
          openedAt,
          openedOn: date,
          escalatedAt: escalatedSeen,
          escalatedOn: escalatedSeen === null ? null : localDate(new Date(escalatedSeen), timeZone),
          resolvedAt: resolvedSeen,
          resolvedOn: resolvedSeen === null ? null : localDate(new Date(resolvedSeen), timeZone),
          minutes,
        });
      }
    }
  }
  return tickets;
}

/** Per-ticket events, in the order the helpdesk emitted them. */
function ticketEvents(company: DemoCompany, tickets: readonly Ticket[], emit: EmitEvent): DemoEvent[] {
  const org = company.id;
  const timed: { at: number; event: DemoEvent }[] = [];
  for (const t of tickets) {
    const ref = { organisationId: org, ticketId: t.ticketId, category: t.category.category };
    timed.push({
      at: epochOf(t.openedAt),
      event: emit(T.ticketOpened, `ticket:${t.ticketId}:opened`, t.openedAt, { ...ref, openedAt: t.openedAt, tier: 1 }),
    });
    if (t.escalatedAt !== null) {
      const escalatedAt = t.escalatedAt;
      timed.push({
        at: epochOf(escalatedAt),
        event: emit(T.ticketEscalated, `ticket:${t.ticketId}:escalated`, escalatedAt, {
          ...ref,
          escalatedAt,
          fromTier: 1,
          toTier: 2,
        }),
      });
    }
    if (t.resolvedAt !== null) {
      const minutes = company.tickets.tracksMinutes ? { handlingMinutes: t.minutes } : {};
      timed.push({
        at: epochOf(t.resolvedAt),
        event: emit(T.ticketResolved, `ticket:${t.ticketId}:resolved`, t.resolvedAt, {
          ...ref,
          resolvedAt: t.resolvedAt,
          ...minutes,
        }),
      });
    }
  }
  return timed.sort((a, b) => a.at - b.at).map((t) => t.event);
}

/** Count exports: one report per category per complete day or week. */
function volumeEvents(
  company: DemoCompany,
  window: HistoryWindow,
  tickets: readonly Ticket[],
  emit: EmitEvent,
): DemoEvent[] {
  const granularity = company.tickets.export === "daily-volume" ? "day" : "week";
  const length = granularity === "day" ? 1 : 7;
  const events: DemoEvent[] = [];
  const byCategory = new Map<string, Ticket[]>();
  for (const t of tickets) byCategory.set(t.category.category, [...(byCategory.get(t.category.category) ?? []), t]);
  for (let start = window.start; addDays(start, length - 1) < window.lastDate; start = addDays(start, length)) {
    const end = addDays(start, length - 1);
    const within = (date: string | null): boolean => date !== null && date >= start && date <= end;
    // The export runs at 02:00 the night after the period closes.
    const time = localInstant(addDays(end, 1), 2 * 60, window.timeZone);
    for (const category of company.tickets.categories) {
      const list = byCategory.get(category.category) ?? [];
      const resolved = list.filter((t) => within(t.resolvedOn));
      const backlog = list.filter((t) => t.openedOn <= end && (t.resolvedOn === null || t.resolvedOn > end)).length;
      const minutes = company.tickets.tracksMinutes
        ? { handlingMinutes: resolved.reduce((sum, t) => sum + t.minutes, 0) }
        : {};
      events.push(
        emit(T.ticketVolume, `volume:${category.category}:${granularity}:${start}`, time, {
          organisationId: company.id,
          category: category.category,
          granularity,
          periodStart: start,
          opened: list.filter((t) => within(t.openedOn)).length,
          resolved: resolved.length,
          escalated: list.filter((t) => within(t.escalatedOn)).length,
          ...minutes,
          backlogAtPeriodEnd: backlog,
        }),
      );
    }
  }
  return events;
}

/** Simulates the organisation's HR helpdesk over the window; returns its ticket events. */
export function simulateHelpdesk(
  company: DemoCompany,
  window: HistoryWindow,
  workforce: WorkforceWeeks,
  asOf: Date,
  random: Uniform,
  emit: EmitEvent,
): DemoEvent[] {
  const tickets = simulateTickets(company, window, workforce, asOf.getTime(), random);
  return company.tickets.export === "events"
    ? ticketEvents(company, tickets, emit)
    : volumeEvents(company, window, tickets, emit);
}
