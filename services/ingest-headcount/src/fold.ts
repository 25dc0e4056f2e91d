import {
  type EmployeeChanged,
  type EmployeeHired,
  type EmployeeTerminated,
  employeeKey,
  HEADCOUNT_EVENT_TYPES,
  type HeadcountSnapshot,
  type HrTeamSnapshot,
  type IngestEvent,
  type OrganisationProfile,
} from "@hr-radar/events";
import { normaliseIndustry } from "@hr-radar/policy";

type HeadcountEvent = Extract<
  IngestEvent,
  { type: (typeof HEADCOUNT_EVENT_TYPES)[keyof typeof HEADCOUNT_EVENT_TYPES] }
>;

/** A profile with the event time that decides which version wins. */
export type ProfileFacts = OrganisationProfile & { eventTime: string };

/** A snapshot with the event time that decides which correction wins. */
export type SnapshotFacts = HeadcountSnapshot & { eventTime: string };

/** An HR-team roster with the event time that decides which correction wins. */
export type HrTeamFacts = HrTeamSnapshot & { eventTime: string };

/** One row of `employee_changes`: no employee id, only its keyed hash. */
export interface EmployeeChangeFacts {
  organisationId: string;
  employeeKey: string;
  kind: "hired" | "terminated" | "changed";
  effectiveOn: string;
  department: string | null;
  previousDepartment: string | null;
  hrRole: "none" | "generalist" | "specialist" | null;
  hrFunction: string | null;
  eventTime: string;
}

/** What a batch of headcount events amounts to. */
export interface HeadcountBatch {
  profiles: ProfileFacts[];
  snapshots: SnapshotFacts[];
  hrTeams: HrTeamFacts[];
  employeeChanges: EmployeeChangeFacts[];
  /** Per organisation, the earliest date any snapshot or employee event touches. */
  earliestDay: Map<string, string>;
}

const H = HEADCOUNT_EVENT_TYPES;

/**
 * Reduces a batch to one row per profile and per snapshot or roster date (the newest
 * event wins, as it does in the database) and one row per employee event, with ids
 * pseudonymised. A profile's industry is stored as its industry key when recognised.
 */
export function foldHeadcountEvents(
  events: readonly IngestEvent[],
  secret: string,
  /** Pseudonyms already computed, by the event's `data` (the fingerprint computes them first). */
  known?: WeakMap<object, string>,
): HeadcountBatch {
  const profiles = new Map<string, ProfileFacts>();
  const snapshots = new Map<string, SnapshotFacts>();
  const hrTeams = new Map<string, HrTeamFacts>();
  const employeeChanges: EmployeeChangeFacts[] = [];
  const earliestDay = new Map<string, string>();
  const touch = (org: string, day: string) => {
    const seen = earliestDay.get(org);
    if (seen === undefined || day < seen) earliestDay.set(org, day);
  };
  const newer = (candidate: { eventTime: string }, seen: { eventTime: string } | undefined) =>
    seen === undefined || Date.parse(candidate.eventTime) >= Date.parse(seen.eventTime);

  for (const event of events as readonly HeadcountEvent[]) {
    const eventTime = event.time;
    switch (event.type) {
      case H.organisationProfile: {
        const { industry: raw } = event.data;
        const industry = typeof raw === "string" ? normaliseIndustry(raw) : raw;
        const facts = { ...event.data, industry, eventTime };
        if (newer(facts, profiles.get(facts.organisationId))) profiles.set(facts.organisationId, facts);
        break;
      }
      case H.headcountSnapshot: {
        const facts = { ...event.data, eventTime };
        const key = `${facts.organisationId}\u0000${facts.asOf}`;
        if (newer(facts, snapshots.get(key))) snapshots.set(key, facts);
        touch(facts.organisationId, facts.asOf);
        break;
      }
      case H.hrTeamSnapshot: {
        const facts = { ...event.data, eventTime };
        const key = `${facts.organisationId}\u0000${facts.asOf}`;
        if (newer(facts, hrTeams.get(key))) hrTeams.set(key, facts);
        touch(facts.organisationId, facts.asOf);
        break;
      }
      default: {
        const change = employeeChange(event, eventTime, secret, known);
        employeeChanges.push(change);
        touch(change.organisationId, change.effectiveOn);
      }
    }
  }
  return {
    profiles: [...profiles.values()],
    snapshots: [...snapshots.values()],
    hrTeams: [...hrTeams.values()],
    employeeChanges,
    earliestDay,
  };
}

function employeeChange(
  event: Extract<
    HeadcountEvent,
    { type: typeof H.employeeHired | typeof H.employeeTerminated | typeof H.employeeChanged }
  >,
  eventTime: string,
  secret: string,
  known: WeakMap<object, string> | undefined,
): EmployeeChangeFacts {
  const base = (data: EmployeeHired | EmployeeTerminated | EmployeeChanged) => ({
    organisationId: data.organisationId,
    employeeKey: known?.get(data) ?? employeeKey(secret, data.organisationId, data.employeeId),
    department: data.department,
    eventTime,
  });
  switch (event.type) {
    case H.employeeHired:
      return {
        ...base(event.data),
        kind: "hired",
        effectiveOn: event.data.hiredOn,
        previousDepartment: null,
        hrRole: event.data.hrRole,
        hrFunction: event.data.hrFunction ?? null,
      };
    case H.employeeTerminated:
      return {
        ...base(event.data),
        kind: "terminated",
        effectiveOn: event.data.terminatedOn,
        previousDepartment: null,
        hrRole: event.data.hrRole ?? null,
        hrFunction: event.data.hrFunction ?? null,
      };
    case H.employeeChanged:
      return {
        ...base(event.data),
        kind: "changed",
        effectiveOn: event.data.effectiveOn,
        previousDepartment: event.data.previousDepartment ?? null,
        hrRole: event.data.hrRole,
        hrFunction: event.data.hrFunction ?? null,
      };
  }
}
