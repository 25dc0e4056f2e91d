import type { IngestEvent } from "@hr-radar/events";
import { describe, expect, it } from "vitest";
import { foldTicketEvents } from "./fold.ts";

let n = 0;
const event = (type: string, data: Record<string, unknown>, time = "2026-10-10T00:00:00Z") =>
  ({ id: `e${++n}`, source: "s", type, time, data: { organisationId: "acme", ...data } }) as unknown as IngestEvent;
const opened = (ticketId: string, category: string, openedAt: string) =>
  event("hrradar.ticket.opened.v1", { ticketId, category, openedAt, tier: 1 });
const resolved = (ticketId: string, category: string, resolvedAt: string, handlingMinutes?: number) =>
  event("hrradar.ticket.resolved.v1", { ticketId, category, resolvedAt, handlingMinutes });

describe("foldTicketEvents", () => {
  it("merges one ticket's events in any order into the same facts", () => {
    const events = [
      opened("T", "benefits", "2026-10-05T09:00:00Z"),
      resolved("T", "leave", "2026-10-06T09:00:00Z", 30),
    ];
    const forwards = foldTicketEvents(events);
    const backwards = foldTicketEvents([...events].reverse());
    expect(backwards.tickets).toEqual(forwards.tickets);
    // the opened event names the category, whichever came first
    expect(forwards.tickets).toEqual([
      {
        organisationId: "acme",
        ticketId: "T",
        category: "benefits",
        openedAt: "2026-10-05T09:00:00Z",
        resolvedAt: "2026-10-06T09:00:00Z",
        escalatedAt: null,
        handlingMinutes: 30,
        tier: 1,
      },
    ]);
    expect(forwards.earliest.get("acme")).toBe("2026-10-05T09:00:00Z");
  });

  it("keeps the latest resolution and its minutes, never their sum", () => {
    const [ticket] = foldTicketEvents([
      resolved("T", "x", "2026-10-07T00:00:00Z", 40),
      resolved("T", "x", "2026-10-06T00:00:00Z", 25),
    ]).tickets;
    expect(ticket).toMatchObject({ resolvedAt: "2026-10-07T00:00:00Z", handlingMinutes: 40 });
  });

  it("keeps the newest correction of a volume report", () => {
    const report = (opened: number, time: string) =>
      event(
        "hrradar.ticket.volume.v1",
        { category: "payroll", granularity: "week", periodStart: "2026-10-05", opened, resolved: 0, escalated: 0 },
        time,
      );
    const { volumes } = foldTicketEvents([report(9, "2026-10-12T00:00:00Z"), report(4, "2026-10-11T00:00:00Z")]);
    expect(volumes.map((v) => v.opened)).toEqual([9]);
  });
});
