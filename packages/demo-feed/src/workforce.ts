import { HEADCOUNT_EVENT_TYPES as H } from "@hr-radar/events";
import type { HrFunction } from "@hr-radar/policy";
import { addDays, localInstant } from "./calendar.ts";
import type { DemoEvent, EmitEvent } from "./emit.ts";
import { type DemoCompany, HR_DEPARTMENT, type HrTeamMember } from "./model.ts";
import { chance, integerBetween, pick, pickWeighted, poisson, type Uniform } from "./random.ts";

// The HRIS side: a roster of people that hires, leaves and moves week by week, seen
// through the events an HRIS connector sends (profile, weekly snapshots, hires,
// terminations, changes). Snapshots are taken from the same roster, so they always
// agree with the hires and terminations between them.

/** The window a simulation covers, in the organisation's own calendar. */
export interface HistoryWindow {
  /** Monday of the first week. */
  start: string;
  weeks: number;
  /** The organisation-local date of the as-of instant; nothing is dated after it. */
  lastDate: string;
  timeZone: string;
}

/** What the helpdesk simulation needs from the workforce: per week, aligned to the window. */
export interface WorkforceWeeks {
  /** Headcount at the start of each week. */
  headcount: number[];
  hires: number[];
}

interface Person {
  employeeId: string;
  department: string;
  hrRole: "none" | "generalist" | "specialist";
  hrFunction?: HrFunction;
}

function roleFields(person: Person): Record<string, unknown> {
  return person.hrRole === "none"
    ? {}
    : { hrRole: person.hrRole, ...(person.hrFunction === undefined ? {} : { hrFunction: person.hrFunction }) };
}

function departmentCounts(roster: ReadonlyMap<string, Person>): { department: string; headcount: number }[] {
  const counts = new Map<string, number>();
  for (const p of roster.values()) counts.set(p.department, (counts.get(p.department) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([department, headcount]) => ({ department, headcount }));
}

interface Move {
  date: string;
  apply: () => DemoEvent;
}

/** Simulates the organisation's workforce over the window; returns its HRIS events and weekly figures. */
export function simulateWorkforce(
  company: DemoCompany,
  window: HistoryWindow,
  random: Uniform,
  emit: EmitEvent,
): { events: DemoEvent[]; weeks: WorkforceWeeks } {
  const { timeZone } = window;
  const org = company.id;
  const plan = company.workforce;
  const roster = new Map<string, Person>();
  let nextNumber = 1000 + integerBetween(random, 0, 500);
  const newId = (): string => `${company.employeeIdPrefix}${nextNumber++}`;
  const newDepartment = (): string => pickWeighted(random, company.departments);
  const events: DemoEvent[] = [];
  const at = (date: string, minute: number): string => localInstant(date, minute, timeZone);

  // The day before the first week: the connector's first sync.
  const day0 = addDays(window.start, -1);
  events.push(
    emit(H.organisationProfile, "profile", at(day0, 8 * 60), {
      organisationId: org,
      name: company.name,
      industry: company.industry,
      timeZone,
      helpdeskCategories: Object.fromEntries(
        company.tickets.categories.flatMap((c) => (c.hrFunction === null ? [] : [[c.category, c.hrFunction]])),
      ),
      ...(company.policyOverrides === undefined ? {} : { policyOverrides: company.policyOverrides }),
    }),
  );
  const hrPerson = (member: HrTeamMember): Person => ({
    employeeId: newId(),
    department: HR_DEPARTMENT,
    hrRole: member.hrRole,
    ...(member.hrFunction === undefined ? {} : { hrFunction: member.hrFunction }),
  });
  const hrInPost = new Map<HrTeamMember, Person>();
  for (const member of company.hrTeam.filter((m) => m.joinedWeeksAgo === undefined)) {
    const person = hrPerson(member);
    roster.set(person.employeeId, person);
    hrInPost.set(member, person);
    // The HR team's roles, recorded once on the first sync (people already employed).
    events.push(
      emit(H.employeeChanged, `change:${person.employeeId}:${day0}`, at(day0, 8 * 60 + 5), {
        organisationId: org,
        employeeId: person.employeeId,
        effectiveOn: day0,
        department: HR_DEPARTMENT,
        previousDepartment: HR_DEPARTMENT,
        ...roleFields(person),
      }),
    );
  }
  while (roster.size < plan.startHeadcount) {
    const person: Person = { employeeId: newId(), department: newDepartment(), hrRole: "none" };
    roster.set(person.employeeId, person);
  }

  let planned: { plannedHeadcount: number; plannedBy: string } | null = null;
  const snapshot = (date: string, weeksAgo: number, time: string): DemoEvent => {
    if (plan.plan !== undefined && planned === null && weeksAgo <= plan.plan.announcedWeeksAgo) {
      const by = new Date(`${date}T00:00:00Z`);
      by.setUTCMonth(by.getUTCMonth() + plan.plan.months);
      planned = {
        plannedHeadcount: Math.round(roster.size * plan.plan.factor),
        plannedBy: by.toISOString().slice(0, 10),
      };
    }
    return emit(H.headcountSnapshot, `snapshot:${date}`, time, {
      organisationId: org,
      asOf: date,
      headcount: roster.size,
      departments: departmentCounts(roster),
      openRequisitions: plan.openRequisitions(weeksAgo, roster.size),
      ...(planned ?? {}),
    });
  };
  events.push(snapshot(day0, window.weeks, at(day0, 8 * 60 + 10)));

  const weeks: WorkforceWeeks = { headcount: [], hires: [] };
  let hiringBacklog = random();
  for (let week = 0; week < window.weeks; week++) {
    const weeksAgo = window.weeks - 1 - week;
    const monday = addDays(window.start, 7 * week);
    weeks.headcount.push(roster.size);
    const moves: Move[] = [];
    const weekday = (preferred: number, p: number): string =>
      addDays(monday, chance(random, p) ? preferred : integerBetween(random, 0, 4));

    // Hires arrive in lumps around the mean rate; most start on a Monday.
    hiringBacklog += plan.hiresPerWeek(weeksAgo) * (0.6 + 0.8 * random());
    const hires = Math.floor(hiringBacklog);
    hiringBacklog -= hires;
    const joiners: Person[] = Array.from({ length: hires }, () => ({
      employeeId: newId(),
      department: newDepartment(),
      hrRole: "none",
    }));
    for (const member of company.hrTeam.filter((m) => m.joinedWeeksAgo === weeksAgo)) {
      const person = hrPerson(member);
      hrInPost.set(member, person);
      joiners.push(person);
    }
    for (const person of joiners) {
      const hiredOn = weekday(0, 0.75);
      moves.push({
        date: hiredOn,
        apply: () => {
          roster.set(person.employeeId, person);
          return emit(
            H.employeeHired,
            `hire:${person.employeeId}`,
            at(hiredOn, 7 * 60 + integerBetween(random, 0, 90)),
            {
              organisationId: org,
              employeeId: person.employeeId,
              hiredOn,
              department: person.department,
              ...roleFields(person),
            },
          );
        },
      });
    }

    // Leavers: attrition among everyone but the HR team (whose departures are scripted).
    const others = [...roster.values()].filter((p) => p.hrRole === "none");
    const leaving = new Set<Person>();
    const leavers = Math.min(poisson(random, (plan.attritionPerYear / 52) * roster.size), others.length);
    while (leaving.size < leavers) leaving.add(pick(random, others));
    for (const member of company.hrTeam.filter((m) => m.leftWeeksAgo === weeksAgo)) {
      const person = hrInPost.get(member);
      if (person !== undefined) leaving.add(person);
    }
    for (const person of leaving) {
      const terminatedOn = weekday(4, 0.5);
      moves.push({
        date: terminatedOn,
        apply: () => {
          roster.delete(person.employeeId);
          return emit(
            H.employeeTerminated,
            `term:${person.employeeId}`,
            at(terminatedOn, 17 * 60 + integerBetween(random, 0, 60)),
            {
              organisationId: org,
              employeeId: person.employeeId,
              terminatedOn,
              department: person.department,
            },
          );
        },
      });
    }

    // Internal transfers between departments (HR stays put).
    const stayers = others.filter((p) => !leaving.has(p));
    const moved = new Set<Person>();
    for (let i = poisson(random, plan.internalMovesPerWeek); i > 0 && stayers.length > 0; i--) {
      const person = pick(random, stayers);
      const to = newDepartment();
      if (to === person.department || moved.has(person)) continue;
      moved.add(person);
      const effectiveOn = weekday(0, 0.6);
      moves.push({
        date: effectiveOn,
        apply: () => {
          const from = person.department;
          person.department = to;
          return emit(H.employeeChanged, `change:${person.employeeId}:${effectiveOn}`, at(effectiveOn, 9 * 60), {
            organisationId: org,
            employeeId: person.employeeId,
            effectiveOn,
            department: to,
            previousDepartment: from,
          });
        },
      });
    }

    // Apply in date order, and only what has happened by the as-of date.
    moves.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const move of moves) if (move.date <= window.lastDate) events.push(move.apply());
    // This week's joiners cannot have left yet: leavers are drawn from last week's roster.
    weeks.hires.push(joiners.filter((p) => roster.has(p.employeeId)).length);

    const sunday = addDays(monday, 6);
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings; Math.min would make them NaN
    const snapshotDate = sunday <= window.lastDate ? sunday : window.lastDate;
    events.push(snapshot(snapshotDate, weeksAgo, at(snapshotDate, 23 * 60 + 30)));
  }
  return { events, weeks };
}
