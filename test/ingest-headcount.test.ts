import { HEADCOUNT_EVENT_TYPES } from "@hr-radar/events";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "./support/database.ts";
import { changed, cloudEvent, hired, newOrganisationId, profile, snapshot, terminated } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";
import { ingestFixture } from "./support/fixture.ts";
import { sendEvents, suffix } from "./support/kafka.ts";

const headcountSeries = (db: TestDatabase, org: string) => db.sql`
  select day::text, headcount, hires, terminations, open_requisitions, planned_headcount, planned_by::text
  from headcount_daily where organisation_id = ${org} order by day`;

const departmentSeries = (db: TestDatabase, org: string) => db.sql`
  select department, day::text, headcount from headcount_daily_by_department
  where organisation_id = ${org} order by department, day`;

const hrTeamSeries = (db: TestDatabase, org: string) => db.sql`
  select day::text, generalists, specialists from hr_team_daily where organisation_id = ${org} order by day`;

/** A week in the life of a 10-person company: hires, a move, someone joins HR, a leaver. */
function oneWeek(org: string) {
  return [
    profile(org, {
      name: "Acme",
      industry: "manufacturing",
      timeZone: "Europe/Berlin",
      helpdeskCategories: { payroll: "payroll" },
    }),
    snapshot(org, "2026-10-01", 10, {
      departments: [
        { department: "Eng", headcount: 6 },
        { department: "Sales", headcount: 4 },
      ],
      openRequisitions: 3,
      plannedHeadcount: 20,
      plannedBy: "2027-06-30",
    }),
    hired(org, "e1", "2026-10-03", { department: "Eng" }),
    hired(org, "e2", "2026-10-03", { department: "People", hrRole: "generalist" }),
    hired(org, "e3", "2026-10-04", { department: "People", hrRole: "specialist", hrFunction: "benefits" }),
    changed(org, "e1", "2026-10-05", { department: "Sales" }),
    // e4 was here before hr-radar: their first event moves them from Sales into HR
    changed(org, "e4", "2026-10-05", { department: "People", previousDepartment: "Sales", hrRole: "generalist" }),
    terminated(org, "e2", "2026-10-06"),
  ];
}

describe("ingest-headcount", () => {
  it.each(["structured", "binary"] as const)(
    "derives daily headcount, departments and HR team (%s mode)",
    async (mode) => {
      const { db, topic, producer, org } = await ingestFixture("headcount");

      await sendEvents(producer, topic, oneWeek(org), mode);

      const series = await eventually(async () => {
        const rows = await headcountSeries(db, org);
        expect(rows.at(-1)?.day).toBe("2026-10-06");
        return rows;
      });
      const plan = { open_requisitions: 3, planned_headcount: 20, planned_by: "2027-06-30" };
      expect(series).toEqual([
        { day: "2026-10-01", headcount: 10, hires: 0, terminations: 0, ...plan },
        { day: "2026-10-02", headcount: 10, hires: 0, terminations: 0, ...plan },
        { day: "2026-10-03", headcount: 12, hires: 2, terminations: 0, ...plan },
        { day: "2026-10-04", headcount: 13, hires: 1, terminations: 0, ...plan },
        { day: "2026-10-05", headcount: 13, hires: 0, terminations: 0, ...plan },
        { day: "2026-10-06", headcount: 12, hires: 0, terminations: 1, ...plan },
      ]);
      const byDepartment = (await departmentSeries(db, org)).map((r) => `${r.department} ${r.day} ${r.headcount}`);
      expect(byDepartment).toEqual([
        "Eng 2026-10-01 6",
        "Eng 2026-10-02 6",
        "Eng 2026-10-03 7",
        "Eng 2026-10-04 7",
        "Eng 2026-10-05 6",
        "Eng 2026-10-06 6",
        "People 2026-10-03 1",
        "People 2026-10-04 2",
        "People 2026-10-05 3",
        "People 2026-10-06 2",
        "Sales 2026-10-01 4",
        "Sales 2026-10-02 4",
        "Sales 2026-10-03 4",
        "Sales 2026-10-04 4",
        "Sales 2026-10-05 4",
        "Sales 2026-10-06 4",
      ]);
      expect(await hrTeamSeries(db, org)).toEqual([
        { day: "2026-10-01", generalists: 0, specialists: {} },
        { day: "2026-10-02", generalists: 0, specialists: {} },
        { day: "2026-10-03", generalists: 1, specialists: {} },
        { day: "2026-10-04", generalists: 1, specialists: { benefits: 1 } },
        { day: "2026-10-05", generalists: 2, specialists: { benefits: 1 } },
        { day: "2026-10-06", generalists: 1, specialists: { benefits: 1 } },
      ]);
      const [organisation] =
        await db.sql`select name, industry, time_zone, helpdesk_categories from organisations where organisation_id = ${org}`;
      expect(organisation).toEqual({
        name: "Acme",
        industry: "manufacturing",
        time_zone: "Europe/Berlin",
        helpdesk_categories: { payroll: "payroll" },
      });
    },
  );

  it("stores only a keyed hash of employee ids, never the ids", async () => {
    const { db, topic, producer, org } = await ingestFixture("headcount");

    const employeeId = `jane.doe-${suffix()}@example.com`;
    // Fields outside the contract (a name) are dropped at validation, never stored.
    await sendEvents(producer, topic, [
      hired(org, employeeId, "2026-10-03", { department: "Eng", fullName: "Jane Doe" }),
    ]);

    const keys = await eventually(async () => {
      const rows = await db.sql`select employee_key from employee_changes where organisation_id = ${org}`;
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(keys[0]?.employee_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [leak] = await db.sql`
      select count(*)::int as n from employee_changes c
      where c.organisation_id = ${org} and (row_to_json(c)::text like ${`%${employeeId}%`} or row_to_json(c)::text like '%Jane Doe%')`;
    expect(leak?.n).toBe(0);
  });

  it("lands a late snapshot older than the last one, and ignores a stale correction", async () => {
    const { db, topic, producer, org } = await ingestFixture("headcount");

    await sendEvents(producer, topic, [
      snapshot(org, "2026-10-01", 10, {}, { time: "2026-10-01T18:00:00Z" }),
      hired(org, "e1", "2026-10-03"),
      snapshot(org, "2026-10-06", 20, {}, { time: "2026-10-06T18:00:00Z" }),
      hired(org, "e2", "2026-10-07"),
    ]);
    await eventually(async () =>
      expect((await headcountSeries(db, org)).map((r) => r.headcount)).toEqual([10, 10, 11, 11, 11, 20, 21]),
    );

    // The 4 October snapshot arrives last; a correction of 1 October sent with an older
    // event time than the stored one is stale and must lose.
    await sendEvents(producer, topic, [
      snapshot(org, "2026-10-04", 15, {}, { time: "2026-10-04T18:00:00Z" }),
      snapshot(org, "2026-10-01", 99, {}, { time: "2026-09-30T18:00:00Z" }),
    ]);
    await eventually(async () =>
      expect((await headcountSeries(db, org)).map((r) => r.headcount)).toEqual([10, 10, 11, 15, 15, 20, 21]),
    );
  });

  it("keeps the daily series dense when a later batch starts after the last stored day", async () => {
    const { db, producer, topic, org } = await ingestFixture("headcount");
    await sendEvents(producer, topic, [
      snapshot(org, "2026-10-05", 10, { departments: [{ department: "Eng", headcount: 10 }] }),
    ]);
    await eventually(async () => expect(await headcountSeries(db, org)).toHaveLength(1));
    await sendEvents(producer, topic, [
      snapshot(org, "2026-10-19", 12, { departments: [{ department: "Eng", headcount: 12 }] }),
    ]);
    const days = await eventually(async () => {
      const rows = await headcountSeries(db, org);
      expect(rows.at(-1)?.day).toBe("2026-10-19");
      return rows;
    });
    expect(days.map((d) => d.headcount)).toEqual([...Array<number>(14).fill(10), 12]);
    // the other daily tables share the day range (they are rewritten from the same start)
    expect(await hrTeamSeries(db, org)).toHaveLength(15);
    expect((await departmentSeries(db, org)).map((r) => r.headcount)).toEqual([...Array<number>(14).fill(10), 12]);
  });

  it("anchors the HR team on a roster without changing headcount", async () => {
    const { db, producer, topic, org } = await ingestFixture("headcount");
    const twin = newOrganisationId(); // the same events without the roster
    const facts = (o: string) => [
      profile(o, { industry: "Transportation and Warehousing" }),
      snapshot(o, "2026-10-01", 10),
      hired(o, "e1", "2026-10-02", { hrRole: "generalist" }),
      hired(o, "e2", "2026-10-05", { hrRole: "specialist", hrFunction: "recruiting" }),
      // r1 is on the roster and was never seen hired: the termination says what they were
      terminated(o, "r1", "2026-10-06", { hrRole: "generalist" }),
      terminated(o, "e1", "2026-10-07"),
      snapshot(o, "2026-10-08", 12),
    ];
    await sendEvents(producer, topic, [...facts(org), ...facts(twin)]);
    await eventually(async () => {
      expect((await headcountSeries(db, org)).at(-1)?.day).toBe("2026-10-08");
      expect((await headcountSeries(db, twin)).at(-1)?.day).toBe("2026-10-08");
    });
    // The roster arrives after the facts around it: e1 (hired before it) is one of its two generalists.
    await sendEvents(producer, topic, [
      cloudEvent(HEADCOUNT_EVENT_TYPES.hrTeamSnapshot, {
        organisationId: org,
        asOf: "2026-10-03",
        generalists: 2,
        specialists: { payroll: 1 },
      }),
    ]);
    const expected = [
      { day: "2026-10-01", generalists: 0, specialists: {} },
      { day: "2026-10-02", generalists: 1, specialists: {} },
      { day: "2026-10-03", generalists: 2, specialists: { payroll: 1 } },
      { day: "2026-10-04", generalists: 2, specialists: { payroll: 1 } },
      { day: "2026-10-05", generalists: 2, specialists: { payroll: 1, recruiting: 1 } },
      { day: "2026-10-06", generalists: 1, specialists: { payroll: 1, recruiting: 1 } },
      { day: "2026-10-07", generalists: 0, specialists: { payroll: 1, recruiting: 1 } },
      { day: "2026-10-08", generalists: 0, specialists: { payroll: 1, recruiting: 1 } },
    ];
    await eventually(async () => expect(await hrTeamSeries(db, org)).toEqual(expected));
    const headcount = await headcountSeries(db, org);
    expect(headcount.map((r) => r.headcount)).toEqual([10, 11, 11, 11, 12, 11, 10, 12]);
    expect(headcount).toEqual(await headcountSeries(db, twin));
    // without the roster the team is the running sum of the HR-role events alone
    expect((await hrTeamSeries(db, twin)).map((r) => r.generalists)).toEqual([0, 1, 1, 1, 1, 0, 0, 0]);

    // A later roster re-anchors the team from its date; a correction of the first one replaces it.
    await sendEvents(producer, topic, [
      cloudEvent(HEADCOUNT_EVENT_TYPES.hrTeamSnapshot, {
        organisationId: org,
        asOf: "2026-10-07",
        generalists: 3,
        specialists: { recruiting: 1 },
      }),
      cloudEvent(HEADCOUNT_EVENT_TYPES.hrTeamSnapshot, {
        organisationId: org,
        asOf: "2026-10-03",
        generalists: 4,
        specialists: { payroll: 1 },
      }),
    ]);
    await eventually(async () =>
      expect((await hrTeamSeries(db, org)).map((r) => [r.generalists, r.specialists])).toEqual([
        [0, {}],
        [1, {}],
        [4, { payroll: 1 }],
        [4, { payroll: 1 }],
        [4, { payroll: 1, recruiting: 1 }],
        [3, { payroll: 1, recruiting: 1 }],
        [3, { recruiting: 1 }],
        [3, { recruiting: 1 }],
      ]),
    );
    expect(await headcountSeries(db, org)).toEqual(headcount);
    const [stored] = await db.sql`select industry from organisations where organisation_id = ${org}`;
    expect(stored?.industry).toBe("transportation_warehousing");
  });
});
