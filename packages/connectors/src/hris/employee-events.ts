// HrisEmployee + what the connector remembers of them -> contract events. Pure and shared by
// the HRIS adapters whose vendor gives a person's current state (not a change log): the
// difference between the stored state and the fetched record is the change. The stored
// state is the minimum needed for that (dates, department, HR role, the vendor's change
// stamp): no names, e-mails or pay.
//
// Ids: each event's id derives from the record and the change (a hire date, a termination
// date, the vendor's change stamp), so a repeated webhook, an overlapping reconciliation or
// a run redone after a crash yields the same id, which the ingest's ledger applies once.

import { HEADCOUNT_EVENT_TYPES } from "@hr-radar/events";
import { contentChange } from "../core/event-ids.ts";
import { type HrisMapping, isActiveStatus, placeInHrTeam, type UnmappedValue } from "../core/mapping.ts";
import type { OutgoingEvent, RecordState, RecordUpdate } from "../core/source.ts";
import { addDays, calendarDate, type HrisEmployee } from "./employee.ts";

/** What turning records into events needs from the run. */
export interface EmployeeEventContext {
  organisationId: string;
  /** CloudEvents `source` of the connection. */
  source: string;
  /** The first sync sends hires and terminations dated from this day on. */
  startDate: string;
  /** Today in the connection's time zone. */
  today: string;
  /** This run's instant: every event's `time`. */
  now: Date;
  mapping: HrisMapping;
  eventId(recordId: string, change: string): string;
}

/** The contract's latest accepted hire/termination/change date: announced dates up to 366 days ahead. */
const MAX_DAYS_AHEAD = 366;

/** What one record gives: its events, its new state, and what the mapping could not place. */
export interface EmployeeOutcome {
  events: OutgoingEvent[];
  record: RecordUpdate;
  unmapped: UnmappedValue[];
}

type Placement = { hrRole: "none" | "generalist" | "specialist"; hrFunction?: string };

function text(state: RecordState | undefined, key: string): string | null {
  const value = state?.[key];
  return typeof value === "string" ? value : null;
}

function event(ctx: EmployeeEventContext, type: string, id: string, data: Record<string, unknown>): OutgoingEvent {
  return {
    specversion: "1.0",
    id,
    source: ctx.source,
    type,
    time: ctx.now.toISOString(),
    data: { organisationId: ctx.organisationId, ...data },
  };
}

function roleData(placement: Placement): Record<string, unknown> {
  return placement.hrRole === "specialist"
    ? { hrRole: "specialist", hrFunction: placement.hrFunction }
    : { hrRole: placement.hrRole };
}

/**
 * The events one fetched record implies, given the state stored for it (undefined: never
 * seen). A date before the start date is history the first sync does not send; one more
 * than 366 days ahead is reported, not sent (the contract would reject it).
 */
export function employeeEvents(
  employee: HrisEmployee,
  previous: RecordState | undefined,
  ctx: EmployeeEventContext,
): EmployeeOutcome {
  const unmapped: UnmappedValue[] = [];
  if (employee.deleted === true) {
    unmapped.push({ field: "employmentStatus", value: "deleted", outcome: "deleted in the HRIS: nothing counted" });
    return { events: [], record: { recordId: employee.recordId, state: null }, unmapped };
  }
  const latest = addDays(ctx.today, MAX_DAYS_AHEAD);
  const inWindow = (date: string | null): date is string => {
    if (date === null || date < ctx.startDate) return false;
    if (date > latest) {
      unmapped.push({ field: "date", value: date, outcome: "more than 366 days ahead: not sent yet" });
      return false;
    }
    return true;
  };
  const placement = placeInHrTeam(ctx.mapping, employee.jobTitle, employee.department) as Placement & {
    unmapped?: UnmappedValue;
  };
  if (placement.unmapped) unmapped.push(placement.unmapped);
  const events: OutgoingEvent[] = [];
  const { recordId, hiredOn, terminatedOn, department } = employee;
  const seenHire = text(previous, "hiredOn");
  const seenTermination = text(previous, "terminatedOn");
  const rehired = seenTermination !== null && terminatedOn === null && hiredOn !== null && hiredOn > seenTermination;

  if ((seenHire === null || rehired) && inWindow(hiredOn)) {
    events.push(
      event(ctx, HEADCOUNT_EVENT_TYPES.employeeHired, ctx.eventId(recordId, `hired:${hiredOn}`), {
        employeeId: recordId,
        hiredOn,
        department,
        ...roleData(placement),
      }),
    );
  } else if (seenHire !== null && hiredOn !== null && hiredOn !== seenHire && !rehired) {
    unmapped.push({
      field: "date",
      value: hiredOn,
      outcome: `hire date corrected from ${seenHire}: not counted again`,
    });
  }

  if (terminatedOn !== null && terminatedOn !== seenTermination) {
    if (seenTermination === null) {
      if (inWindow(terminatedOn))
        events.push(
          event(ctx, HEADCOUNT_EVENT_TYPES.employeeTerminated, ctx.eventId(recordId, `terminated:${terminatedOn}`), {
            employeeId: recordId,
            terminatedOn,
            department,
            ...roleData(placement),
          }),
        );
    } else {
      unmapped.push({
        field: "date",
        value: terminatedOn,
        outcome: `termination date corrected from ${seenTermination}: not counted again`,
      });
    }
  }

  const moved =
    previous !== undefined &&
    !rehired &&
    (text(previous, "department") !== department ||
      (text(previous, "hrRole") ?? "none") !== placement.hrRole ||
      text(previous, "hrFunction") !== (placement.hrFunction ?? null));
  const stillEmployed = terminatedOn === null || terminatedOn > ctx.today;
  if (moved && stillEmployed && seenHire !== null) {
    // the vendor's change stamp tells this change from the next one (and dates it)
    const changedOn = calendarDate(employee.updatedAt);
    const effectiveOn =
      changedOn !== null && changedOn >= ctx.startDate && changedOn <= ctx.today ? changedOn : ctx.today;
    const data = {
      employeeId: recordId,
      effectiveOn,
      department,
      previousDepartment: text(previous, "department"),
      ...roleData(placement),
    };
    events.push(
      event(
        ctx,
        HEADCOUNT_EVENT_TYPES.employeeChanged,
        ctx.eventId(recordId, `changed:${employee.updatedAt ?? effectiveOn}:${contentChange("changed", data)}`),
        data,
      ),
    );
  }

  const state: RecordState = {
    hiredOn: hiredOn ?? seenHire,
    terminatedOn: rehired ? null : (terminatedOn ?? seenTermination),
    department,
    hrRole: placement.hrRole,
    hrFunction: placement.hrFunction ?? null,
    updatedAt: employee.updatedAt,
  };
  return { events, record: { recordId, state }, unmapped };
}

/** Whether a person was employed at the end of `day`, by their dates alone (history). */
function employedOn(person: HrisEmployee, day: string): boolean {
  if (person.deleted === true || person.hiredOn === null || person.hiredOn > day) return false;
  if (person.terminatedOn !== null) return person.terminatedOn > day;
  // gone without a termination date: when they left is unknown, so not counted
  return person.vendorActive;
}

/**
 * The headcount the day before the start date: the base the first sync's history moves
 * from, so the days between the start and today are right without inventing hires for
 * people who joined before the window.
 */
export function baseHeadcount(employees: readonly HrisEmployee[], ctx: EmployeeEventContext): OutgoingEvent {
  const asOf = addDays(ctx.startDate, -1);
  const data = { asOf, headcount: employees.filter((p) => employedOn(p, asOf)).length };
  const type = HEADCOUNT_EVENT_TYPES.headcountSnapshot;
  return event(ctx, type, ctx.eventId("headcount", contentChange(type, data)), data);
}

/**
 * Today's headcount snapshot (with the department breakdown) and HR-team roster, from every
 * person the HRIS holds. Employed at the end of today: hired on or before today, last day
 * not today or before, and a status the mapping counts as employed. The ids derive from
 * the content, so the same day's unchanged snapshot is sent once and a changed one again.
 */
export function workforceSnapshot(
  employees: readonly HrisEmployee[],
  ctx: EmployeeEventContext,
): { events: OutgoingEvent[]; unmapped: UnmappedValue[] } {
  const unmapped: UnmappedValue[] = [];
  const departments = new Map<string, number>();
  const specialists: Record<string, number> = {};
  let headcount = 0;
  let generalists = 0;
  for (const person of employees) {
    if (!employedOn({ ...person, vendorActive: true }, ctx.today)) continue;
    const status = isActiveStatus(ctx.mapping, person.status, person.vendorActive);
    if (status.unmapped) unmapped.push(status.unmapped);
    if (!status.active) continue;
    headcount += 1;
    if (person.department !== null) departments.set(person.department, (departments.get(person.department) ?? 0) + 1);
    const placement = placeInHrTeam(ctx.mapping, person.jobTitle, person.department) as Placement & {
      unmapped?: UnmappedValue;
    };
    if (placement.unmapped) unmapped.push(placement.unmapped);
    if (placement.hrRole === "generalist") generalists += 1;
    if (placement.hrRole === "specialist" && placement.hrFunction)
      specialists[placement.hrFunction] = (specialists[placement.hrFunction] ?? 0) + 1;
  }
  const snapshot = {
    asOf: ctx.today,
    headcount,
    departments: [...departments]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => ({ department: name, headcount: count })),
  };
  const sortedSpecialists = Object.fromEntries(Object.entries(specialists).sort(([a], [b]) => a.localeCompare(b)));
  const roster = { asOf: ctx.today, generalists, specialists: sortedSpecialists };
  const { headcountSnapshot, hrTeamSnapshot } = HEADCOUNT_EVENT_TYPES;
  return {
    events: [
      event(ctx, headcountSnapshot, ctx.eventId("headcount", contentChange(headcountSnapshot, snapshot)), snapshot),
      event(ctx, hrTeamSnapshot, ctx.eventId("hr-team", contentChange(hrTeamSnapshot, roster)), roster),
    ],
    unmapped,
  };
}
