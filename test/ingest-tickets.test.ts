import { describe, expect, it } from "vitest";
import { ticketEscalated, ticketOpened, ticketResolved, ticketVolume } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { sendEvents } from "./support/kafka.ts";

/** Reads one organisation's weekly load as plain numbers, ordered by function and week. */
async function weeklyLoad(sql: import("postgres").Sql, organisationId: string) {
  return sql`
    select hr_function, week_start::text as week, tickets_opened::int as opened, tickets_resolved::int as resolved,
           tickets_escalated::int as escalated, handling_minutes::float8 as minutes,
           resolved_without_minutes::int as without_minutes, backlog_at_week_end::int as backlog
    from function_load_weekly where organisation_id = ${organisationId}
    order by hr_function, week_start`;
}

describe("ingest-tickets", () => {
  it.each(["structured", "binary"] as const)("stores every ticket event type sent in %s mode", async (mode) => {
    const { db, topic, producer, org } = await ingestFixture("tickets");

    await sendEvents(
      producer,
      topic,
      [
        ticketOpened(org, "T-1", "benefits-question", "2026-10-05T09:00:00Z"),
        ticketOpened(org, "T-2", "benefits-question", "2026-10-06T10:00:00Z"),
        ticketResolved(org, "T-1", "benefits-question", "2026-10-07T12:00:00Z", 45),
        ticketEscalated(org, "T-2", "benefits-question", "2026-10-07T13:00:00Z"),
        ticketResolved(org, "T-2", "benefits-question", "2026-10-14T09:00:00Z"),
        ticketVolume(org, "payroll-export", "2026-10-05", {
          opened: 7,
          resolved: 6,
          escalated: 1,
          handlingMinutes: 90,
          backlogAtPeriodEnd: 3,
        }),
      ],
      mode,
    );

    // No category mapping yet, and no category named after a function: every category counts
    // as `unmapped`, none is dropped.
    const rows = await eventually(async () => {
      const r = await weeklyLoad(db.sql, org);
      expect(r).toHaveLength(2);
      expect(r[1]?.resolved).toBe(1);
      return r;
    });
    expect(rows).toEqual([
      // T-1 and T-2 opened, T-1 resolved in 45 min, T-2 escalated; plus the payroll volume report
      {
        hr_function: "unmapped",
        week: "2026-10-05",
        opened: 9,
        resolved: 7,
        escalated: 2,
        minutes: 135,
        without_minutes: 0,
        backlog: 4,
      },
      // T-2 resolved without handling minutes
      {
        hr_function: "unmapped",
        week: "2026-10-12",
        opened: 0,
        resolved: 1,
        escalated: 0,
        minutes: 0,
        without_minutes: 1,
        backlog: 0,
      },
    ]);
  });

  it("keeps the weekly series dense when a later batch starts after the last stored week", async () => {
    const { db, producer, topic, org } = await ingestFixture("tickets");
    await sendEvents(producer, topic, [ticketOpened(org, "T-1", "payroll", "2026-09-07T09:00:00Z")]);
    await eventually(async () => expect(await weeklyLoad(db.sql, org)).toHaveLength(1));
    await sendEvents(producer, topic, [ticketOpened(org, "T-2", "payroll", "2026-09-28T09:00:00Z")]);
    const weeks = await eventually(async () => {
      const rows = await weeklyLoad(db.sql, org);
      expect(rows.at(-1)?.week).toBe("2026-09-28");
      return rows;
    });
    expect(weeks.map((w) => [w.week, w.opened, w.backlog])).toEqual([
      ["2026-09-07", 1, 1],
      ["2026-09-14", 0, 1],
      ["2026-09-21", 0, 1],
      ["2026-09-28", 1, 2],
    ]);
  });
});
