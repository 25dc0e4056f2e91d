import { describe, expect, it } from "vitest";
import { hrisMappingSchema } from "../../core/mapping.ts";
import type { BambooEmployee } from "./client.ts";
import { bambooDate, type EventStamp, employeeChangeEvents, firstSyncEvents, personState } from "./normalise.ts";

const mapping = hrisMappingSchema.parse(undefined);
const stamp: EventStamp = {
  organisationId: "acme",
  source: "urn:test",
  time: "2026-12-01T10:00:00Z",
  eventId: (record, change) => `${record}|${change}`,
};
const employee = (id: string, fields: Partial<BambooEmployee>): BambooEmployee => ({
  id,
  status: "Active",
  employmentHistoryStatus: "Full-Time",
  hireDate: "2025-03-01",
  terminationDate: "0000-00-00",
  department: "Engineering",
  jobTitle: "Software Engineer",
  ...fields,
});
const state = (e: BambooEmployee) => personState(e, mapping).state;

describe("BambooHR normaliser", () => {
  it("reads BambooHR's empty dates as none", () => {
    expect(bambooDate("0000-00-00")).toBeNull();
    expect(bambooDate("")).toBeNull();
    expect(bambooDate("31.12.2026")).toBeNull();
    expect(bambooDate("2026-02-03")).toBe("2026-02-03");
  });

  it("first sync: hires and terminations since the start, a base snapshot the day before, today's headcount and team", () => {
    const employees = [
      employee("1", { hireDate: "2020-01-01" }), // before the start, still here
      employee("2", {
        hireDate: "2020-01-01",
        status: "Inactive",
        employmentHistoryStatus: "Terminated",
        terminationDate: "2025-06-30",
      }),
      employee("3", { hireDate: "2025-02-01", department: "People", jobTitle: "Recruiter" }),
      employee("4", {
        hireDate: "2019-05-01",
        status: "Inactive",
        employmentHistoryStatus: "Terminated",
        terminationDate: "2024-01-01",
      }),
    ];
    const { people, snapshots } = firstSyncEvents(employees, mapping, stamp, {
      start: "2025-01-01",
      today: "2026-12-01",
    });
    const types = people.flatMap((p) =>
      p.events.map((e) => `${e.type.split(".")[2]}:${(e.data as unknown as { employeeId: string }).employeeId}`),
    );
    expect(types).toEqual(["terminated:2", "hired:3"]);
    expect(people.flatMap((p) => p.records ?? []).map((r) => r.recordId)).toEqual(["1", "2", "3", "4"]);
    expect(snapshots.map((s) => s.data)).toEqual([
      { organisationId: "acme", asOf: "2024-12-31", headcount: 2 },
      {
        organisationId: "acme",
        asOf: "2026-12-01",
        headcount: 2,
        departments: [
          { department: "Engineering", headcount: 1 },
          { department: "People", headcount: 1 },
        ],
      },
      { organisationId: "acme", asOf: "2026-12-01", generalists: 0, specialists: { recruiting: 1 } },
    ]);
    const hire = people[2]!.events[0]!;
    expect(hire.data).toMatchObject({ hiredOn: "2025-02-01", hrRole: "specialist", hrFunction: "recruiting" });
  });

  it("reports an employee without a hire date instead of dropping them silently", () => {
    const { unmapped } = firstSyncEvents([employee("9", { hireDate: "0000-00-00" })], mapping, stamp, {
      start: "2025-01-01",
      today: "2026-12-01",
    });
    expect(unmapped).toEqual([expect.objectContaining({ field: "date" })]);
  });

  it("turns an update into a hire, a move, a termination or nothing", () => {
    const before = state(employee("5", {}));
    const today = "2026-12-01";
    expect(employeeChangeEvents("5", undefined, before, stamp, today).map((e) => e.type)).toEqual([
      "hrradar.employee.hired.v1",
    ]);
    expect(employeeChangeEvents("5", before, before, stamp, today)).toEqual([]);
    const moved = state(employee("5", { department: "Sales" }));
    const [move] = employeeChangeEvents("5", before, moved, stamp, today);
    expect(move?.data).toMatchObject({ effectiveOn: today, department: "Sales", previousDepartment: "Engineering" });
    const gone = state(
      employee("5", { status: "Inactive", employmentHistoryStatus: "Terminated", terminationDate: "2026-11-30" }),
    );
    const [leave] = employeeChangeEvents("5", before, gone, stamp, today);
    expect(leave?.data).toMatchObject({ terminatedOn: "2026-11-30", department: "Engineering" });
  });

  it("gives the same change the same id, and a different change another", () => {
    const before = state(employee("5", {}));
    const moved = state(employee("5", { department: "Sales" }));
    const once = employeeChangeEvents("5", before, moved, stamp, "2026-12-01")[0]!.id;
    expect(employeeChangeEvents("5", before, moved, stamp, "2026-12-01")[0]!.id).toBe(once);
    const elsewhere = state(employee("5", { department: "Finance" }));
    expect(employeeChangeEvents("5", before, elsewhere, stamp, "2026-12-01")[0]!.id).not.toBe(once);
  });

  it("places HR staff by title, reports an HR title it does not know, and honours an override", () => {
    expect(
      personState(employee("6", { department: "People", jobTitle: "Payroll Specialist" }), mapping).state,
    ).toMatchObject({
      hrRole: "specialist",
      hrFunction: "payroll",
    });
    const unknown = personState(employee("7", { department: "People", jobTitle: "People Coordinator" }), mapping);
    expect(unknown.state.hrRole).toBe("generalist");
    expect(unknown.unmapped).toEqual([expect.objectContaining({ field: "jobTitle", value: "People Coordinator" })]);
    const custom = hrisMappingSchema.parse({
      hrRoles: [{ jobTitle: "coordinator", role: "specialist", function: "onboarding" }],
    });
    expect(
      personState(employee("7", { department: "People", jobTitle: "People Coordinator" }), custom).state,
    ).toMatchObject({
      hrRole: "specialist",
      hrFunction: "onboarding",
    });
    const status = personState(employee("8", { employmentHistoryStatus: "Sabbatical" }), mapping);
    expect(status.state.employed).toBe(true);
    expect(status.unmapped[0]).toMatchObject({ field: "employmentStatus", value: "Sabbatical" });
  });
});
