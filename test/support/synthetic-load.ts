// A realistic, seeded synthetic load for the ingest benchmark and the fault suite:
// organisations of very different sizes, each with a profile, weekly headcount snapshots,
// hires and terminations on the HRIS topic, and a helpdesk whose tickets are opened, escalated and resolved on
// the tickets topic. Every event is built with the real contract and encoder, in the
// order a live feed would deliver it (by event time), and the generator also returns the
// totals the stored trends must add up to.
import {
  type CloudEvent,
  type ContentMode,
  encodeCloudEvent,
  HEADCOUNT_EVENT_TYPES as H,
  type OutgoingRecord,
  TICKET_EVENT_TYPES as T,
} from "@hr-radar/events";
import type { HrFunction } from "@hr-radar/policy";
import { type Random, seededRandom } from "./random.ts";

/** How big the load is. */
export interface LoadShape {
  organisations: number;
  weeks: number;
  seed: number;
  /** Mean helpdesk tickets per employee per week (varies per organisation around this). */
  ticketsPerEmployeeWeek: number;
  /** The Monday the history ends on (exclusive), YYYY-MM-DD; nothing is dated after it. */
  end: string;
}

/** What the headcount facts and trends must add up to once the HRIS topic is ingested. */
export interface HeadcountTotals {
  records: number;
  organisations: number;
  snapshots: number;
  hires: number;
  terminations: number;
  /** Sum over organisations of the headcount after the last move. */
  finalHeadcount: number;
  /** HR generalists, and HR specialists of any function, in post at the end (all organisations). */
  finalGeneralists: number;
  finalSpecialists: number;
}

/** What the weekly load must add up to once (part of) the tickets topic is ingested. */
export interface TicketTotals {
  records: number;
  opened: number;
  resolved: number;
  escalated: number;
  /** Opened and not resolved by the end: the final backlog. */
  unresolved: number;
}

/** Records of a topic, in delivery order, and the totals they imply. */
export interface TopicLoad<Totals> {
  records: OutgoingRecord[];
  totals: Totals;
}

/** The two topics of the synthetic load. */
export interface SyntheticLoad {
  headcount: TopicLoad<HeadcountTotals>;
  tickets: TopicLoad<TicketTotals>;
  /** The first `weeks` of the helpdesk history: a prefix of every partition of the tickets topic. */
  ticketsForWeeks(weeks: number): TopicLoad<TicketTotals>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const TIME_ZONES = [
  "UTC",
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/Chicago",
  "Asia/Tokyo",
  "Australia/Sydney",
];
const INDUSTRIES = [
  "technology",
  "manufacturing",
  "retail",
  "healthcare",
  "financial_services",
  "logistics",
  "education",
];
const DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Operations",
  "Finance",
  "Customer Support",
  "Marketing",
  "Manufacturing",
  "Logistics",
  "Legal",
];
const HR_DEPARTMENT = "People";
/** Helpdesk categories as helpdesks name them, and the function an organisation maps each to. */
const CATEGORIES: readonly [string, HrFunction, number][] = [
  ["payroll-question", "payroll", 5],
  ["benefits-enrolment", "benefits", 4],
  ["leave-request", "hr_operations", 6],
  ["employment-letter", "hr_operations", 3],
  ["job-posting", "recruiting", 2],
  ["interview-scheduling", "recruiting", 2],
  ["new-starter", "onboarding", 2],
  ["salary-review", "compensation", 1],
  ["grievance", "employee_relations", 1],
  ["training-request", "learning_development", 2],
  ["workplace-injury", "health_safety", 1],
  ["right-to-work", "compliance", 1],
];
const SPECIALIST_FUNCTIONS: readonly HrFunction[] = [
  "recruiting",
  "payroll",
  "benefits",
  "employee_relations",
  "compensation",
];

type EventData = Record<string, unknown> & { organisationId: string };

interface Employee {
  id: string;
  department: string;
  hrRole?: "generalist" | "specialist";
}

interface Timed {
  at: number;
  type: string;
  record: OutgoingRecord;
}

/** Builds the whole load in memory (a few hundred bytes per event). */
export function generateLoad(shape: LoadShape): SyntheticLoad {
  const random = seededRandom(shape.seed);
  const end = Date.parse(`${shape.end}T00:00:00Z`);
  if (new Date(end).getUTCDay() !== 1) throw new Error(`end ${shape.end} is not a Monday`);
  const start = end - shape.weeks * 7 * DAY;
  const out = { headcount: [] as Timed[], tickets: [] as Timed[] };
  const expected: HeadcountTotals = {
    records: 0,
    organisations: shape.organisations,
    snapshots: 0,
    hires: 0,
    terminations: 0,
    finalHeadcount: 0,
    finalGeneralists: 0,
    finalSpecialists: 0,
  };
  let eventCount = 0;
  const emit = (topic: keyof typeof out, at: number, type: string, data: EventData, mode: ContentMode) => {
    const source = topic === "tickets" ? "urn:hr-radar-bench:helpdesk" : "urn:hr-radar-bench:hris";
    const event: CloudEvent = {
      specversion: "1.0",
      id: `bench-${shape.seed}-${(eventCount++).toString(36)}`,
      source,
      type,
      time: iso(at),
      data,
    };
    out[topic].push({ at, type, record: encodeCloudEvent(event, data.organisationId, mode) });
  };

  for (let index = 0; index < shape.organisations; index++) {
    simulateOrganisation(random, index, { start, end, shape, emit, expected });
  }
  // A live feed delivers in event-time order; the sort is stable, so ties keep their order.
  const headcount = out.headcount.sort((a, b) => a.at - b.at);
  const tickets = out.tickets.sort((a, b) => a.at - b.at);
  return {
    headcount: { records: headcount.map((t) => t.record), totals: { ...expected, records: headcount.length } },
    tickets: ticketLoad(tickets),
    ticketsForWeeks: (weeks) => ticketLoad(tickets.filter((t) => t.at < start + weeks * 7 * DAY)),
  };
}

/** Ticket records and their totals; every resolution in the stream follows its opening. */
function ticketLoad(timed: readonly Timed[]): TopicLoad<TicketTotals> {
  const count = (type: string) => timed.reduce((n, t) => n + (t.type === type ? 1 : 0), 0);
  const [opened, resolved, escalated] = [count(T.ticketOpened), count(T.ticketResolved), count(T.ticketEscalated)];
  return {
    records: timed.map((t) => t.record),
    totals: { records: timed.length, opened, resolved, escalated, unresolved: opened - resolved },
  };
}

interface Simulation {
  start: number;
  end: number;
  shape: LoadShape;
  emit(topic: "headcount" | "tickets", at: number, type: string, data: EventData, mode: ContentMode): void;
  expected: HeadcountTotals;
}

function simulateOrganisation(random: Random, index: number, sim: Simulation): void {
  const { start, end, emit, expected } = sim;
  const organisationId = `org-${String(index).padStart(4, "0")}`;
  const departments = shuffled(random, DEPARTMENTS).slice(0, random.int(3, 7));
  const categories = CATEGORIES.filter(() => random.chance(0.75));
  // Every helpdesk has a catch-all the organisation never maps: it shows up as `unmapped`.
  const catalogue = [...categories.map(([c, , w]) => ({ category: c, weight: w })), { category: "other", weight: 1 }];
  const mode: ContentMode = random.chance(0.25) ? "binary" : "structured";
  const hrisMode: ContentMode = random.chance(0.1) ? "binary" : "structured";
  const roster: Employee[] = [];
  let hiredCount = 0;
  const newEmployee = (department: string): Employee => ({ id: `${organisationId}-e${hiredCount++}`, department });
  const pickDepartment = () => (random.chance(0.015) ? HR_DEPARTMENT : random.pick(departments));

  const initial = Math.round(random.logUniform(30, 3000));
  for (let i = 0; i < initial; i++) roster.push(newEmployee(pickDepartment()));
  const attrition = 0.08 + random.next() * 0.12;
  const growth = -0.05 + random.next() * 0.45;
  const ticketRate = sim.shape.ticketsPerEmployeeWeek * (0.5 + random.next());
  const plansAhead = random.chance(0.3);

  emit(
    "headcount",
    start - 7 * DAY,
    H.organisationProfile,
    {
      organisationId,
      name: `Benchmark Org ${index}`,
      industry: random.pick(INDUSTRIES),
      timeZone: random.pick(TIME_ZONES),
      helpdeskCategories: Object.fromEntries(categories.map(([c, f]) => [c, f])),
    },
    hrisMode,
  );

  for (let day = start; day < end; day += DAY) {
    const workday = new Date(day).getUTCDay() % 6 !== 0;
    if (workday) {
      for (let n = random.poisson((roster.length * Math.max(0, attrition + growth)) / 260); n > 0; n--) {
        const employee = newEmployee(pickDepartment());
        roster.push(employee);
        expected.hires++;
        const hr =
          employee.department !== HR_DEPARTMENT
            ? {}
            : random.chance(0.7)
              ? { hrRole: "generalist" as const }
              : { hrRole: "specialist" as const, hrFunction: random.pick(SPECIALIST_FUNCTIONS) };
        if ("hrRole" in hr) employee.hrRole = hr.hrRole;
        // First days are announced ahead of time.
        const announced = day - random.int(0, 14) * DAY + random.int(8, 17) * HOUR;
        emit(
          "headcount",
          announced,
          H.employeeHired,
          { organisationId, employeeId: employee.id, hiredOn: date(day), department: employee.department, ...hr },
          hrisMode,
        );
      }
      for (let n = random.poisson((roster.length * attrition) / 260); n > 0 && roster.length > 1; n--) {
        const leaver = roster.splice(random.int(0, roster.length - 1), 1)[0]!;
        expected.terminations++;
        const recorded = day + random.int(0, 2) * DAY + random.int(9, 18) * HOUR;
        emit(
          "headcount",
          recorded,
          H.employeeTerminated,
          { organisationId, employeeId: leaver.id, terminatedOn: date(day), department: leaver.department },
          hrisMode,
        );
      }
      simulateHelpdeskDay(random, {
        organisationId,
        day,
        end,
        mode,
        catalogue,
        tickets: random.poisson((roster.length * ticketRate) / 5),
        emit,
      });
    }
    if (new Date(day).getUTCDay() === 1) {
      const byDepartment = new Map<string, number>();
      for (const e of roster) byDepartment.set(e.department, (byDepartment.get(e.department) ?? 0) + 1);
      const plan = plansAhead
        ? { plannedHeadcount: Math.round(roster.length * (1 + growth)), plannedBy: date(end + 365 * DAY) }
        : {};
      emit(
        "headcount",
        day + DAY + 6 * HOUR,
        H.headcountSnapshot,
        {
          organisationId,
          asOf: date(day),
          headcount: roster.length,
          departments: [...byDepartment].map(([department, headcount]) => ({ department, headcount })),
          openRequisitions: random.poisson(roster.length * 0.02),
          ...plan,
        },
        hrisMode,
      );
      expected.snapshots++;
    }
  }
  expected.finalHeadcount += roster.length;
  expected.finalGeneralists += roster.filter((e) => e.hrRole === "generalist").length;
  expected.finalSpecialists += roster.filter((e) => e.hrRole === "specialist").length;
}

interface HelpdeskDay {
  organisationId: string;
  day: number;
  end: number;
  mode: ContentMode;
  catalogue: { category: string; weight: number }[];
  tickets: number;
  emit: Simulation["emit"];
}

function simulateHelpdeskDay(random: Random, h: HelpdeskDay): void {
  const { organisationId, day, end, mode, emit } = h;
  const totalWeight = h.catalogue.reduce((sum, c) => sum + c.weight, 0);
  for (let n = 0; n < h.tickets; n++) {
    let roll = random.next() * totalWeight;
    const category =
      h.catalogue.find((c) => {
        roll -= c.weight;
        return roll < 0;
      })?.category ?? "other";
    const ticketId = `${organisationId}-T${Math.floor(day / DAY)}-${n}`;
    const openedAt = day + 8 * HOUR + Math.floor((random.next() * 10 * HOUR) / 1000) * 1000;
    const tier = random.chance(0.15) ? 0 : 1;
    emit(
      "tickets",
      openedAt,
      T.ticketOpened,
      { organisationId, ticketId, category, openedAt: iso(openedAt), tier },
      mode,
    );
    let extraDelay = 0;
    if (random.chance(0.1)) {
      const escalatedAt = openedAt + Math.round(random.exponential(8 * HOUR) / 1000) * 1000 + 30 * 60_000;
      extraDelay = random.exponential(48 * HOUR);
      if (escalatedAt < end) {
        emit(
          "tickets",
          escalatedAt,
          T.ticketEscalated,
          { organisationId, ticketId, category, escalatedAt: iso(escalatedAt), fromTier: tier, toTier: tier + 1 },
          mode,
        );
      }
    }
    const resolvedAt = openedAt + Math.round((random.exponential(30 * HOUR) + extraDelay) / 1000) * 1000 + 5 * 60_000;
    const minutes = random.chance(0.75) ? { handlingMinutes: Math.round(random.logUniform(5, 480)) } : {};
    if (resolvedAt < end) {
      emit(
        "tickets",
        resolvedAt,
        T.ticketResolved,
        { organisationId, ticketId, category, resolvedAt: iso(resolvedAt), ...minutes },
        mode,
      );
    }
  }
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");
const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
