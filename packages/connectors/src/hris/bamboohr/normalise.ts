// BambooHR employees -> hr-radar's contract (pure: no I/O, time is an argument).
import { HEADCOUNT_EVENT_TYPES as H } from "@hr-radar/events";
import { contentChange } from "../../core/event-ids.ts";
import {
  type HrisMapping,
  type HrPlacement,
  isActiveStatus,
  placeInHrTeam,
  type UnmappedValue,
} from "../../core/mapping.ts";
import type { EmitBatch, OutgoingEvent, RecordState, RecordUpdate } from "../../core/source.ts";
import type { BambooEmployee } from "./client.ts";

/** What the connector remembers of an employee (no names, e-mails or pay). */
export interface PersonState extends RecordState {
  employed: boolean;
  hiredOn: string | null;
  terminatedOn: string | null;
  department: string | null;
  hrRole: "none" | "generalist" | "specialist";
  hrFunction: string | null;
}

/** What an event needs besides its data: one run's clock and ids. */
export interface EventStamp {
  organisationId: string;
  source: string;
  time: string;
  eventId(recordId: string, change: string): string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A BambooHR date, or null for its empty forms ("0000-00-00", "") and anything unreadable. */
export function bambooDate(value: string | null): string | null {
  if (value === null || !DATE.test(value) || value.startsWith("0000")) return null;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
}

/** The day before a YYYY-MM-DD date. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** An employee's state now, from their BambooHR fields and the mapping. */
export function personState(
  employee: BambooEmployee,
  mapping: HrisMapping,
): { state: PersonState; unmapped: UnmappedValue[] } {
  const unmapped: UnmappedValue[] = [];
  // `employmentHistoryStatus` (Full-Time, Terminated...) is the mapped value; `status` (Active/Inactive)
  // is BambooHR's own flag, the fallback for a value the mapping does not list.
  const vendorActive = employee.status === null ? true : employee.status.toLowerCase() === "active";
  const employment = isActiveStatus(mapping, employee.employmentHistoryStatus, vendorActive);
  if (employment.unmapped) unmapped.push(employment.unmapped);
  const placement: HrPlacement = placeInHrTeam(mapping, employee.jobTitle, employee.department);
  if (placement.unmapped) unmapped.push(placement.unmapped);
  return {
    state: {
      employed: employment.active && vendorActive,
      hiredOn: bambooDate(employee.hireDate),
      terminatedOn: bambooDate(employee.terminationDate),
      department: employee.department,
      hrRole: placement.hrRole,
      hrFunction: placement.hrFunction ?? null,
    },
    unmapped,
  };
}

const role = (s: PersonState) =>
  s.hrRole === "specialist" && s.hrFunction
    ? { hrRole: "specialist" as const, hrFunction: s.hrFunction }
    : { hrRole: s.hrRole === "specialist" ? ("none" as const) : s.hrRole };

function event(stamp: EventStamp, recordId: string, type: string, data: Record<string, unknown>): OutgoingEvent {
  const full = { organisationId: stamp.organisationId, ...data };
  return {
    specversion: "1.0",
    id: stamp.eventId(recordId, contentChange(type, full)),
    source: stamp.source,
    type,
    time: stamp.time,
    data: full,
  };
}

const hired = (stamp: EventStamp, id: string, s: PersonState, on: string) =>
  event(stamp, id, H.employeeHired, { employeeId: id, hiredOn: on, department: s.department, ...role(s) });

const terminated = (stamp: EventStamp, id: string, last: PersonState, on: string) =>
  event(stamp, id, H.employeeTerminated, {
    employeeId: id,
    terminatedOn: on,
    department: last.department,
    ...(last.hrRole === "none" ? {} : role(last)),
  });

/**
 * The first sync's history from `start` on: each hire and termination dated since then, a
 * headcount snapshot the day before `start` (everyone employed then, so the history has its
 * base without inventing hires), and today's headcount (with departments) and HR team.
 * An employee without a usable date is reported and left out of the history.
 */
export function firstSyncEvents(
  employees: readonly BambooEmployee[],
  mapping: HrisMapping,
  stamp: EventStamp,
  window: { start: string; today: string },
): { people: EmitBatch[]; snapshots: OutgoingEvent[]; unmapped: UnmappedValue[] } {
  const baseDay = dayBefore(window.start);
  const unmapped: UnmappedValue[] = [];
  const people: EmitBatch[] = [];
  const states: PersonState[] = [];
  let baseHeadcount = 0;
  for (const employee of employees) {
    const { state, unmapped: u } = personState(employee, mapping);
    unmapped.push(...u);
    const events: OutgoingEvent[] = [];
    const records: RecordUpdate[] = [{ recordId: employee.id, state }];
    if (state.hiredOn === null) {
      unmapped.push({
        field: "date",
        value: `hireDate ${employee.hireDate ?? "(empty)"}`,
        outcome: "no hire sent; counted from today's snapshot",
      });
    } else if (!state.employed && state.terminatedOn === null) {
      unmapped.push({
        field: "date",
        value: "terminationDate (empty) of a former employee",
        outcome: "left out of the history",
      });
    } else {
      const gone = state.employed ? null : state.terminatedOn;
      if (state.hiredOn <= baseDay && (gone === null || gone > baseDay)) baseHeadcount++;
      if (state.hiredOn >= window.start) events.push(hired(stamp, employee.id, state, state.hiredOn));
      if (gone !== null && gone >= window.start && gone >= state.hiredOn)
        events.push(terminated(stamp, employee.id, state, gone));
    }
    states.push(state);
    people.push({ events, records });
  }
  const current = states.filter((s) => s.employed && (s.hiredOn === null || s.hiredOn <= window.today));
  const snapshots = [
    event(stamp, "headcount", H.headcountSnapshot, { asOf: baseDay, headcount: baseHeadcount }),
    ...todaySnapshots(current, stamp, window.today),
  ];
  return { people, snapshots, unmapped };
}

/** Today's headcount snapshot (with the department breakdown) and HR-team roster, from current states. */
export function todaySnapshots(current: readonly PersonState[], stamp: EventStamp, today: string): OutgoingEvent[] {
  const departments = new Map<string, number>();
  const specialists: Record<string, number> = {};
  let generalists = 0;
  for (const s of current) {
    if (s.department !== null) departments.set(s.department, (departments.get(s.department) ?? 0) + 1);
    if (s.hrRole === "generalist") generalists++;
    if (s.hrRole === "specialist" && s.hrFunction) specialists[s.hrFunction] = (specialists[s.hrFunction] ?? 0) + 1;
  }
  return [
    event(stamp, "headcount", H.headcountSnapshot, {
      asOf: today,
      headcount: current.length,
      departments: [...departments]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([department, headcount]) => ({ department, headcount })),
    }),
    event(stamp, "hr-team", H.hrTeamSnapshot, { asOf: today, generalists, specialists }),
  ];
}

/**
 * What became of one employee since their stored state: a hire (new or rehired), a
 * termination, a move (department or HR role), or nothing. Changes are dated today; hires
 * and terminations by BambooHR's dates when it has them.
 */
export function employeeChangeEvents(
  id: string,
  previous: PersonState | undefined,
  now: PersonState,
  stamp: EventStamp,
  today: string,
): OutgoingEvent[] {
  if (previous === undefined || !previous.employed) {
    if (!now.employed) return [];
    const rehired = previous !== undefined && now.hiredOn !== null && now.hiredOn <= (previous.terminatedOn ?? "");
    return [hired(stamp, id, now, now.hiredOn === null || rehired ? today : now.hiredOn)];
  }
  if (!now.employed) return [terminated(stamp, id, previous, now.terminatedOn ?? today)];
  if (
    previous.department === now.department &&
    previous.hrRole === now.hrRole &&
    previous.hrFunction === now.hrFunction
  )
    return [];
  return [
    event(stamp, id, H.employeeChanged, {
      employeeId: id,
      effectiveOn: today,
      department: now.department,
      previousDepartment: previous.department,
      ...role(now),
    }),
  ];
}
