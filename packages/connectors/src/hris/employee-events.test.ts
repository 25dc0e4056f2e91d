import { describe, expect, it } from "vitest";
import { hrisMappingSchema } from "../core/mapping.ts";
import type { RecordState } from "../core/source.ts";
import type { HrisEmployee } from "./employee.ts";
import { type EmployeeEventContext, employeeEvents, workforceSnapshot } from "./employee-events.ts";

const ctx: EmployeeEventContext = {
  organisationId: "acme",
  source: "urn:hr-radar:connect:personio:acme-personio",
  startDate: "2025-01-01",
  today: "2026-12-01",
  now: new Date("2026-12-01T12:00:00Z"),
  mapping: hrisMappingSchema.parse({}),
  eventId: (recordId, change) => `${recordId}|${change}`,
};

const person = (over: Partial<HrisEmployee> = {}): HrisEmployee => ({
  recordId: "5005",
  hiredOn: "2026-03-02",
  terminatedOn: null,
  department: "Engineering",
  jobTitle: "Software Engineer",
  status: "ACTIVE",
  vendorActive: true,
  updatedAt: "2026-03-01T09:00:00Z",
  ...over,
});

const typesOf = (events: { type: string }[]) => events.map((e) => e.type.replace(/^hrradar\.|\.v1$/g, ""));

describe("employeeEvents", () => {
  it("a person first seen, hired in the window: one hire with department and HR role, state without personal data", () => {
    const { events, record } = employeeEvents(person({ jobTitle: "Recruiter", department: "People" }), undefined, ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: "5005|hired:2026-03-02",
      type: "hrradar.employee.hired.v1",
      source: ctx.source,
      time: "2026-12-01T12:00:00.000Z",
      data: {
        organisationId: "acme",
        employeeId: "5005",
        hiredOn: "2026-03-02",
        department: "People",
        hrRole: "specialist",
        hrFunction: "recruiting",
      },
    });
    expect(record).toEqual({
      recordId: "5005",
      state: {
        hiredOn: "2026-03-02",
        terminatedOn: null,
        department: "People",
        hrRole: "specialist",
        hrFunction: "recruiting",
        updatedAt: "2026-03-01T09:00:00Z",
      },
    });
  });

  it("history before the start date is not sent; a later termination is, with the last department", () => {
    const { events } = employeeEvents(person({ hiredOn: "2019-05-01", terminatedOn: "2025-06-30" }), undefined, ctx);
    expect(typesOf(events)).toEqual(["employee.terminated"]);
    expect(events[0]!.data).toMatchObject({ terminatedOn: "2025-06-30", department: "Engineering", hrRole: "none" });
  });

  it("the same record seen again (repeated webhook, overlapping reconciliation) produces nothing", () => {
    const first = employeeEvents(person(), undefined, ctx);
    const again = employeeEvents(person(), first.record.state!, ctx);
    expect(again.events).toEqual([]);
    expect(again.record.state).toEqual(first.record.state);
  });

  it("a termination after the hire was seen: one termination, its id from the date", () => {
    const seen = employeeEvents(person(), undefined, ctx).record.state!;
    const { events } = employeeEvents(
      person({ terminatedOn: "2026-11-30", updatedAt: "2026-11-20T10:00:00Z" }),
      seen,
      ctx,
    );
    expect(events.map((e) => e.id)).toEqual(["5005|terminated:2026-11-30"]);
  });

  it("a department move: one change dated by the vendor's stamp, with the previous department", () => {
    const seen = employeeEvents(person(), undefined, ctx).record.state!;
    const moved = person({ department: "Sales", updatedAt: "2026-11-28T08:00:00Z" });
    const { events, record } = employeeEvents(moved, seen, ctx);
    expect(typesOf(events)).toEqual(["employee.changed"]);
    expect(events[0]!.data).toMatchObject({
      effectiveOn: "2026-11-28",
      department: "Sales",
      previousDepartment: "Engineering",
      hrRole: "none",
    });
    // the move redone after a crash (state not stored) gives the same id; the next move another
    expect(employeeEvents(moved, seen, ctx).events[0]!.id).toBe(events[0]!.id);
    const back = employeeEvents(person({ updatedAt: "2026-11-29T08:00:00Z" }), record.state!, ctx).events[0]!;
    expect(back.id).not.toBe(events[0]!.id);
  });

  it("moving into an HR role is a change of role", () => {
    const seen = employeeEvents(person(), undefined, ctx).record.state!;
    const { events } = employeeEvents(
      person({ jobTitle: "HR Generalist", department: "People", updatedAt: "2026-11-30T08:00:00Z" }),
      seen,
      ctx,
    );
    expect(events[0]!.data).toMatchObject({ hrRole: "generalist", department: "People" });
  });

  it("a rehire after a termination is a new hire", () => {
    const left: RecordState = {
      hiredOn: "2025-02-01",
      terminatedOn: "2025-08-31",
      department: "Sales",
      hrRole: "none",
      hrFunction: null,
      updatedAt: null,
    };
    const { events, record } = employeeEvents(person({ hiredOn: "2026-10-01" }), left, ctx);
    expect(events.map((e) => e.id)).toEqual(["5005|hired:2026-10-01"]);
    expect(record.state).toMatchObject({ hiredOn: "2026-10-01", terminatedOn: null });
  });

  it("corrected dates are reported, not counted twice", () => {
    const seen = employeeEvents(person({ terminatedOn: "2026-11-01" }), undefined, ctx).record.state!;
    const { events, unmapped } = employeeEvents(
      person({ hiredOn: "2026-03-09", terminatedOn: "2026-11-15" }),
      seen,
      ctx,
    );
    expect(events).toEqual([]);
    expect(unmapped.map((u) => u.field)).toEqual(["date", "date"]);
  });

  it("dates more than 366 days ahead are reported and not sent; a deleted record is forgotten", () => {
    const ahead = employeeEvents(person({ hiredOn: "2028-01-10" }), undefined, ctx);
    expect(ahead.events).toEqual([]);
    expect(ahead.unmapped[0]).toMatchObject({ field: "date", value: "2028-01-10" });
    const gone = employeeEvents(person({ deleted: true }), { hiredOn: "2026-03-02" }, ctx);
    expect(gone).toMatchObject({ events: [], record: { recordId: "5005", state: null } });
  });
});

describe("workforceSnapshot", () => {
  it("counts people employed at the end of today, by department, and the HR team by role", () => {
    const people = [
      person({ recordId: "1" }),
      person({ recordId: "2", department: "People", jobTitle: "HR Generalist" }),
      person({ recordId: "3", department: "People", jobTitle: "Payroll Specialist" }),
      person({ recordId: "4", department: "People", jobTitle: "Office Dog" }),
      person({ recordId: "5", terminatedOn: "2026-12-01" }), // last day today: gone
      person({ recordId: "6", hiredOn: "2026-12-02" }), // starts tomorrow
      person({ recordId: "7", status: "INACTIVE", vendorActive: false }),
      person({ recordId: "8", department: null }),
    ];
    const { events, unmapped } = workforceSnapshot(people, ctx);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        "hrradar.headcount.snapshot.v1",
        {
          organisationId: "acme",
          asOf: "2026-12-01",
          headcount: 5,
          departments: [
            { department: "Engineering", headcount: 1 }, // #8 has no department: in the total only
            { department: "People", headcount: 3 },
          ],
        },
      ],
      [
        "hrradar.hr_team.snapshot.v1",
        { organisationId: "acme", asOf: "2026-12-01", generalists: 2, specialists: { payroll: 1 } },
      ],
    ]);
    expect(unmapped).toEqual([expect.objectContaining({ field: "jobTitle", value: "Office Dog" })]);
    // unchanged content, same ids; changed content, new ids
    expect(workforceSnapshot(people, ctx).events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(workforceSnapshot(people.slice(1), ctx).events[0]!.id).not.toBe(events[0]!.id);
  });
});
