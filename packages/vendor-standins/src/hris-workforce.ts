// A seeded, deterministic workforce with hire and termination history, shared by the HRIS
// stand-ins (Personio, Merge). Each stand-in dresses these people in its vendor's documented
// shapes; the workforce itself also reports what a correct connector must end up with
// (hires and terminations per day, today's headcount by department), so a test compares the
// trend tables with the stand-in's own counts rather than with numbers the connector computed.

import { integerBetween, mulberry32, pick, type Uniform } from "@hr-radar/demo-feed";
import { addDays } from "./random.ts";

/** One person as the stand-in's HRIS knows them (names and e-mails are fake, but present). */
export interface StandinEmployee {
  /** The vendor's id of the person. */
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  department: string;
  jobTitle: string;
  /** First working day, YYYY-MM-DD. */
  hiredOn: string;
  /** Last working day, YYYY-MM-DD, or null while employed. */
  terminatedOn: string | null;
  /** When the HRIS last changed this person (RFC 3339). */
  updatedAt: string;
  /** When the HRIS created this person (RFC 3339). */
  createdAt: string;
}

/** How to grow the workforce. */
export interface WorkforceOptions {
  seed: number;
  /** How many people the HRIS holds (current and former). */
  size: number;
  /** The stand-in's "today", YYYY-MM-DD: nothing is dated after it. */
  today: string;
  /** Hires spread over this many days before today (plus a third hired before that). */
  historyDays: number;
  /** Share of people who have left, 0..1. */
  leaverShare?: number;
  /** Id prefix, so two stand-ins never share ids. */
  idPrefix?: string;
}

/** Departments the generator uses; "People" holds the HR team. */
export const STANDIN_DEPARTMENTS = ["Engineering", "Sales", "Operations", "People", "Finance"] as const;

/** Job titles per department; the People titles exercise the default HR-role mapping. */
const TITLES: Record<(typeof STANDIN_DEPARTMENTS)[number], readonly string[]> = {
  Engineering: ["Software Engineer", "Engineering Manager", "QA Engineer"],
  Sales: ["Account Executive", "Sales Manager"],
  Operations: ["Operations Associate", "Warehouse Lead"],
  People: ["HR Generalist", "Recruiter", "Payroll Specialist", "HR Business Partner"],
  Finance: ["Accountant", "Controller"],
};

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman"];

function personAt(random: Uniform, index: number, options: WorkforceOptions): StandinEmployee {
  const department = pick(random, STANDIN_DEPARTMENTS);
  // A third of the people were hired before the history window: they are in today's
  // headcount (or leave inside the window) without a hire the first sync may send.
  const before = random() < 1 / 3;
  const hiredOn = before
    ? addDays(options.today, -options.historyDays - integerBetween(random, 1, 900))
    : addDays(options.today, -integerBetween(random, 1, options.historyDays));
  const leaves = random() < (options.leaverShare ?? 0.2);
  const lastPossible = Math.round((Date.parse(options.today) - Date.parse(hiredOn)) / 86_400_000) - 1;
  const terminatedOn = leaves && lastPossible > 1 ? addDays(hiredOn, integerBetween(random, 1, lastPossible)) : null;
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const id = `${options.idPrefix ?? ""}${1000 + index}`;
  const lastEvent = terminatedOn ?? hiredOn;
  return {
    id,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${id}@example.com`.toLowerCase(),
    department,
    jobTitle: pick(random, TITLES[department]),
    hiredOn,
    terminatedOn,
    createdAt: `${addDays(hiredOn, -14)}T09:00:00Z`,
    updatedAt: `${lastEvent}T10:00:00Z`,
  };
}

/** The same options always give the same people, in the same order. */
export function generateWorkforce(options: WorkforceOptions): StandinEmployee[] {
  const random = mulberry32(options.seed);
  return Array.from({ length: options.size }, (_, index) => personAt(random, index, options));
}

/** What a correct first sync from `since` to `today` must produce, counted from the people. */
export interface ExpectedWorkforceCounts {
  /** Hires per day, for days since `since` (inclusive) up to today. */
  hiresByDay: Record<string, number>;
  /** Terminations per day, same window. */
  terminationsByDay: Record<string, number>;
  /** People employed at the end of today (hired on or before today, last day not today or before). */
  headcountToday: number;
  /** Today's headcount per department. */
  departmentsToday: Record<string, number>;
  /** Today's employed people per job title (the HR team is derived from these by a mapping). */
  jobTitlesToday: Record<string, number>;
  /** People employed at the end of each day from the day before `since` to today. */
  headcountByDay: Record<string, number>;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts what the connector must send for a history window starting at `since`. */
export function expectedCounts(
  employees: readonly StandinEmployee[],
  since: string,
  today: string,
): ExpectedWorkforceCounts {
  const result: ExpectedWorkforceCounts = {
    hiresByDay: {},
    terminationsByDay: {},
    headcountToday: 0,
    departmentsToday: {},
    jobTitlesToday: {},
    headcountByDay: {},
  };
  for (let day = addDays(since, -1); day <= today; day = addDays(day, 1)) {
    result.headcountByDay[day] = employees.filter(
      (p) => p.hiredOn <= day && (p.terminatedOn === null || p.terminatedOn > day),
    ).length;
  }
  for (const person of employees) {
    if (person.hiredOn >= since && person.hiredOn <= today) bump(result.hiresByDay, person.hiredOn);
    if (person.terminatedOn !== null && person.terminatedOn >= since && person.terminatedOn <= today) {
      bump(result.terminationsByDay, person.terminatedOn);
    }
    // hr-radar counts a termination on its date: someone whose last day is today is gone
    // from today's headcount, as the trend tables count it
    const employed = person.hiredOn <= today && (person.terminatedOn === null || person.terminatedOn > today);
    if (employed) {
      result.headcountToday += 1;
      bump(result.departmentsToday, person.department);
      bump(result.jobTitlesToday, person.jobTitle);
    }
  }
  return result;
}
