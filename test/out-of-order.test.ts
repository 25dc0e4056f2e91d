import { describe, expect, it } from "vitest";
import type { TestDatabase } from "./support/database.ts";
import {
  newOrganisationId,
  profile,
  ticketEscalated,
  ticketOpened,
  ticketResolved,
  ticketVolume,
} from "./support/events.ts";
import { eventually, waitUntilConsumed } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { createTopic, sendEvents, suffix } from "./support/kafka.ts";
import { startIngest } from "./support/services.ts";

// the counts are bigint, which postgres.js returns as strings: read as numbers
const loadRows = (db: TestDatabase, org: string) => db.sql`
  select hr_function, week_start::text, tickets_opened::int, tickets_resolved::int, tickets_escalated::int,
         handling_minutes, resolved_without_minutes::int, backlog_at_week_end::int
  from function_load_weekly where organisation_id = ${org} order by hr_function, week_start`;

/**
 * Three weeks of one helpdesk: tickets opened, escalated, resolved across week boundaries.
 * No category is named after a function, so none maps by default before the profile says so.
 */
function helpdeskHistory(org: string) {
  return [
    ticketOpened(org, "A", "benefits-questions", "2026-09-28T09:00:00Z"),
    ticketEscalated(org, "A", "benefits-questions", "2026-09-29T09:00:00Z"),
    ticketResolved(org, "A", "benefits-questions", "2026-10-06T09:00:00Z", 120),
    ticketOpened(org, "B", "benefits-questions", "2026-09-30T09:00:00Z"),
    ticketResolved(org, "B", "benefits-questions", "2026-09-30T15:00:00Z", 20),
    ticketOpened(org, "C", "leave", "2026-10-07T09:00:00Z"),
    ticketResolved(org, "C", "leave", "2026-10-14T09:00:00Z"),
    ticketOpened(org, "D", "leave", "2026-10-13T09:00:00Z"),
    ticketVolume(org, "payroll-export", "2026-10-05", { opened: 4, resolved: 4, handlingMinutes: 60 }),
  ];
}

describe("out-of-order ticket events", () => {
  it("derive the same weekly load as in-order events (resolved before opened, late openings)", async () => {
    const { db, topic, producer, org: inOrder } = await ingestFixture("tickets", { maxChunkSize: 2 });
    const outOfOrder = newOrganisationId();

    await sendEvents(producer, topic, helpdeskHistory(inOrder));
    // newest first, one at a time so each lands in a batch of its own: every resolution
    // and escalation arrives before its ticket was seen opened
    for (const event of helpdeskHistory(outOfOrder).reverse()) await sendEvents(producer, topic, [event]);

    // Every record applied and every trend re-derived before reading either organisation: three
    // weeks of rows exist after the first chunks already, before the last ones are refreshed.
    await waitUntilConsumed(db, 2 * helpdeskHistory(inOrder).length);
    const expected = await loadRows(db, inOrder);
    expect(expected).toEqual([
      // A, B opened; A escalated; B resolved in 20 min; A still open at week end
      {
        hr_function: "unmapped",
        week_start: "2026-09-28",
        tickets_opened: 2,
        tickets_resolved: 1,
        tickets_escalated: 1,
        handling_minutes: 20,
        resolved_without_minutes: 0,
        backlog_at_week_end: 1,
      },
      // C opened; A resolved in 120 min; the 4 reported payroll tickets
      {
        hr_function: "unmapped",
        week_start: "2026-10-05",
        tickets_opened: 5,
        tickets_resolved: 5,
        tickets_escalated: 0,
        handling_minutes: 180,
        resolved_without_minutes: 0,
        backlog_at_week_end: 1,
      },
      // D opened; C resolved without minutes; D open at week end
      {
        hr_function: "unmapped",
        week_start: "2026-10-12",
        tickets_opened: 1,
        tickets_resolved: 1,
        tickets_escalated: 0,
        handling_minutes: 0,
        resolved_without_minutes: 1,
        backlog_at_week_end: 1,
      },
    ]);
    expect(await loadRows(db, outOfOrder)).toEqual(expected);
  });

  it("re-buckets an organisation's load when its category mapping arrives after the tickets", async () => {
    const { db, kafka, topic: ticketsTopic, producer, org } = await ingestFixture("tickets");
    const headcountTopic = await createTopic(kafka, "hris.headcount");
    await startIngest({
      family: "headcount",
      topic: headcountTopic,
      groupId: `ingest-headcount-${suffix()}`,
      database: db.client,
    });

    await sendEvents(producer, ticketsTopic, helpdeskHistory(org));
    await eventually(async () =>
      expect((await loadRows(db, org)).map((r) => r.hr_function)).toEqual(["unmapped", "unmapped", "unmapped"]),
    );

    await sendEvents(producer, headcountTopic, [
      profile(org, { helpdeskCategories: { "benefits-questions": "benefits", "payroll-export": "payroll" } }),
    ]);
    const rows = await eventually(async () => {
      const r = await loadRows(db, org);
      expect(r.some((row) => row.hr_function === "benefits")).toBe(true);
      return r;
    });
    expect(
      rows.map((r) => `${r.hr_function} ${r.week_start} opened=${r.tickets_opened} backlog=${r.backlog_at_week_end}`),
    ).toEqual([
      "benefits 2026-09-28 opened=2 backlog=1",
      "benefits 2026-10-05 opened=0 backlog=0",
      "benefits 2026-10-12 opened=0 backlog=0",
      "payroll 2026-10-05 opened=4 backlog=0",
      "payroll 2026-10-12 opened=0 backlog=0",
      // `leave` is still unmapped: counted, never dropped
      "unmapped 2026-10-05 opened=1 backlog=1",
      "unmapped 2026-10-12 opened=1 backlog=1",
    ]);
  });
});
