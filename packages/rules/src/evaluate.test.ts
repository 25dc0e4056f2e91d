import { defaultPolicy, type HrFunction, type Policy, resolvePolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import type { Finding, Recommendation } from "./findings.ts";
import type { OrganisationMetrics } from "./metrics.ts";
import { evaluate, organisation, ramp } from "./testing/builders.ts";

function policyWith(overrides: unknown): Policy {
  const resolved = resolvePolicy(overrides);
  if (!resolved.success) throw new Error(`${resolved.error.path}: ${resolved.error.message}`);
  return resolved.data;
}

const tightBudget = policyWith({ budget: { mode: "tight" } });

/** Light, balanced load across the everyday functions. */
const lightLoad = {
  recruiting: 0.2,
  benefits: 0.2,
  payroll: 0.2,
  compensation: 0.15,
  employee_relations: 0.15,
  onboarding: 0.1,
  hr_operations: 0.3,
};

const doublingStartup = organisation({
  headcount: 50,
  terminations: 0.1,
  generalists: 1,
  loadFte: { recruiting: 0.1, benefits: 0.2, hr_operations: 0.2 },
  plan: { plannedHeadcount: 100, plannedBy: "2026-03-02" },
});

interface ArticleCase {
  name: string;
  metrics: OrganisationMetrics;
  policy?: Policy;
  /** Findings that must be there (function, recommendation and, where it matters, rule). */
  present: { hrFunction: HrFunction; recommendation: Recommendation; ruleId?: string }[];
  /** Exactly the functions that get hire_specialist. */
  specialistsIn: HrFunction[];
  /** Recommendations that must not appear at all. */
  absent: Recommendation[];
}

const cases: ArticleCase[] = [
  {
    name: "a rapidly growing 30-person tech startup gets a recruiting specialist",
    metrics: organisation({
      industry: "technology",
      headcount: ramp(5, 30),
      generalists: 1,
      loadFte: { recruiting: 0.2, benefits: 0.1, onboarding: 0.2, hr_operations: 0.3 },
    }),
    present: [{ hrFunction: "recruiting", recommendation: "hire_specialist", ruleId: "hiring-velocity" }],
    specialistsIn: ["recruiting"],
    absent: ["outsource", "add_generalist"],
  },
  {
    name: "a stable 200-person company with light, balanced load gets no specialist",
    metrics: organisation({ headcount: 200, terminations: 0.5, generalists: 2, loadFte: lightLoad }),
    present: [],
    specialistsIn: [],
    absent: ["hire_specialist", "plan_specialist", "outsource", "add_generalist"],
  },
  {
    name: "a stable 200-person company with one generalist gets only a coverage note",
    metrics: organisation({ headcount: 200, terminations: 0.5, generalists: 1, loadFte: lightLoad }),
    present: [{ hrFunction: "hr_operations", recommendation: "add_generalist", ruleId: "generalist-coverage" }],
    specialistsIn: [],
    absent: ["hire_specialist", "plan_specialist", "outsource"],
  },
  {
    name: "a 50-person startup planning to double next year gets a projected recruiting crossing",
    metrics: doublingStartup,
    present: [{ hrFunction: "recruiting", recommendation: "plan_specialist", ruleId: "load-forecast" }],
    specialistsIn: [],
    absent: ["hire_specialist", "outsource"],
  },
  {
    name: "a 120-person manufacturer gets health & safety and compliance specialists",
    metrics: organisation({
      industry: "manufacturing",
      headcount: 120,
      generalists: 2,
      loadFte: { health_safety: 0.1, ...lightLoad },
    }),
    present: [
      { hrFunction: "health_safety", recommendation: "hire_specialist", ruleId: "regulated-industry" },
      { hrFunction: "compliance", recommendation: "hire_specialist", ruleId: "regulated-industry" },
    ],
    specialistsIn: ["compliance", "health_safety"],
    absent: ["outsource"],
  },
  {
    name: "a 25-person manufacturer outsources them: regulation alone does not fill a full-time specialist",
    metrics: organisation({
      industry: "manufacturing",
      headcount: 25,
      generalists: 1,
      loadFte: { hr_operations: 0.3 },
    }),
    present: [
      { hrFunction: "health_safety", recommendation: "outsource", ruleId: "regulated-industry" },
      { hrFunction: "compliance", recommendation: "outsource", ruleId: "regulated-industry" },
    ],
    specialistsIn: [],
    absent: ["hire_specialist"],
  },
  {
    name: "a 25-person manufacturer whose safety tickets need depth hires for health & safety and outsources compliance",
    metrics: organisation({
      industry: "manufacturing",
      headcount: 25,
      generalists: 1,
      loadFte: { hr_operations: 0.3, health_safety: 0.3 },
      tickets: { health_safety: 30 },
      escalationShare: { health_safety: 0.4 },
    }),
    present: [
      { hrFunction: "health_safety", recommendation: "hire_specialist", ruleId: "regulated-industry" },
      { hrFunction: "health_safety", recommendation: "hire_specialist", ruleId: "escalation-depth" },
      { hrFunction: "compliance", recommendation: "outsource", ruleId: "regulated-industry" },
    ],
    specialistsIn: ["health_safety"],
    absent: ["add_generalist"],
  },
  {
    name: "a 50-person manufacturer hires: at 50 and over regulation alone stays a hire",
    metrics: organisation({
      industry: "manufacturing",
      headcount: 50,
      generalists: 1,
      loadFte: { hr_operations: 0.3 },
    }),
    present: [{ hrFunction: "health_safety", recommendation: "hire_specialist", ruleId: "regulated-industry" }],
    specialistsIn: ["compliance", "health_safety"],
    absent: ["outsource"],
  },
  {
    name: "an 800-person company with heavy benefits and recruiting load gets specialists in exactly those functions",
    metrics: organisation({
      headcount: 800,
      terminations: 0.5,
      generalists: 8,
      loadFte: { ...lightLoad, benefits: 1.6, recruiting: 1.4, learning_development: 0.3, hr_operations: 0.5 },
    }),
    present: [
      { hrFunction: "benefits", recommendation: "hire_specialist", ruleId: "sustained-load" },
      { hrFunction: "recruiting", recommendation: "hire_specialist", ruleId: "sustained-load" },
    ],
    specialistsIn: ["benefits", "recruiting"],
    absent: ["plan_specialist", "outsource", "add_generalist"],
  },
  {
    name: "a mid-size company with heavy benefits administration on a tight budget outsources it",
    metrics: organisation({ headcount: 300, generalists: 3, loadFte: { ...lightLoad, benefits: 1 } }),
    policy: tightBudget,
    present: [{ hrFunction: "benefits", recommendation: "outsource", ruleId: "sustained-load" }],
    specialistsIn: [],
    absent: ["hire_specialist"],
  },
  {
    name: "the same company on a standard budget hires a benefits specialist",
    metrics: organisation({ headcount: 300, generalists: 3, loadFte: { ...lightLoad, benefits: 1 } }),
    present: [{ hrFunction: "benefits", recommendation: "hire_specialist", ruleId: "sustained-load" }],
    specialistsIn: ["benefits"],
    absent: ["outsource"],
  },
  {
    name: "on a tight budget, heavy compensation load (not outsourceable) gets generalist capacity",
    metrics: organisation({ headcount: 300, generalists: 3, loadFte: { ...lightLoad, compensation: 1 } }),
    policy: tightBudget,
    present: [{ hrFunction: "compensation", recommendation: "add_generalist", ruleId: "sustained-load" }],
    specialistsIn: [],
    absent: ["hire_specialist", "outsource"],
  },
  {
    name: "on a tight budget, a specialist cheaper than the outsourcing bill is hired, not outsourced",
    metrics: organisation({ headcount: 300, generalists: 3, loadFte: { ...lightLoad, benefits: 1 } }),
    policy: policyWith({ budget: { mode: "tight", outsourcingAnnualSpend: { benefits: 60_000 } } }),
    present: [
      { hrFunction: "benefits", recommendation: "hire_specialist", ruleId: "cost-break-even" },
      { hrFunction: "benefits", recommendation: "hire_specialist", ruleId: "sustained-load" },
    ],
    specialistsIn: ["benefits"],
    absent: ["outsource"],
  },
  {
    name: "heavy escalations in employee relations get a specialist for depth",
    metrics: organisation({
      headcount: 150,
      generalists: 2,
      loadFte: { ...lightLoad, employee_relations: 0.3 },
      tickets: { employee_relations: 30 },
      escalationShare: { employee_relations: 0.35 },
    }),
    present: [{ hrFunction: "employee_relations", recommendation: "hire_specialist", ruleId: "escalation-depth" }],
    specialistsIn: ["employee_relations"],
    absent: ["outsource"],
  },
  {
    name: "under 50 employees, heavy load alone gets generalist capacity, not a specialist",
    metrics: organisation({ headcount: 40, generalists: 1, loadFte: { benefits: 1, hr_operations: 0.3 } }),
    present: [{ hrFunction: "benefits", recommendation: "add_generalist", ruleId: "sustained-load" }],
    specialistsIn: [],
    absent: ["hire_specialist"],
  },
  {
    name: "a function whose specialist already covers the load gets nothing more",
    metrics: organisation({
      headcount: 300,
      generalists: 3,
      specialists: { benefits: 1 },
      loadFte: { ...lightLoad, benefits: 1.5 },
    }),
    present: [],
    specialistsIn: [],
    absent: ["hire_specialist", "plan_specialist", "outsource"],
  },
];

function hireSpecialistIn(findings: readonly Finding[]): HrFunction[] {
  return [...new Set(findings.filter((f) => f.recommendation === "hire_specialist").map((f) => f.hrFunction))].sort();
}

describe("the article's cases", () => {
  it.each(cases)("$name", ({ metrics, policy, present, specialistsIn, absent }) => {
    const findings = evaluate(metrics, policy === undefined ? {} : { policy });
    for (const expected of present) {
      expect(findings).toContainEqual(expect.objectContaining(expected));
    }
    expect(hireSpecialistIn(findings)).toEqual([...specialistsIn].sort());
    for (const recommendation of absent) {
      expect(findings.filter((f) => f.recommendation === recommendation)).toEqual([]);
    }
  });
});

describe("what the findings say", () => {
  it("gives the 50-person startup's projected crossing a date, its basis and the plan", () => {
    const findings = evaluate(doublingStartup);
    const forecast = findings.find((f) => f.hrFunction === "recruiting" && f.ruleId === "load-forecast");
    expect(forecast?.severity).toBe("low");
    expect(forecast?.evidence.projection).toMatchObject({
      basis: "hiring-plan",
      expectedDate: "2025-03-10",
      threshold: defaultPolicy.thresholds.specialistRaiseFte,
      plan: { plannedHeadcount: 100, plannedBy: "2026-03-02" },
    });
    expect(forecast?.summary).toContain("2025-03-10");
  });

  it("dates a crossing that is further out from the headcount plan", () => {
    // Benefits is 0.5 FTE at 50 people; at the planned pace to 100 it reaches 0.8 FTE at 80 people.
    const metrics = organisation({
      headcount: 50,
      generalists: 1,
      loadFte: { benefits: 0.5 },
      plan: { plannedHeadcount: 100, plannedBy: "2026-03-02" },
    });
    const forecast = evaluate(metrics).find((f) => f.hrFunction === "benefits" && f.ruleId === "load-forecast");
    // 30 more people at 50 per 52 weeks: 31.2 weeks, so the 32nd week ahead.
    expect(forecast?.evidence.projection).toMatchObject({
      basis: "headcount-plan",
      weeksAhead: 32,
      expectedDate: "2025-10-13",
    });
    expect(forecast?.recommendation).toBe("plan_specialist");
  });

  it("projects a rising load trend without any plan", () => {
    const metrics = organisation({ headcount: 300, generalists: 3, loadFte: { payroll: ramp(0.2, 0.6) } });
    const forecast = evaluate(metrics).find((f) => f.hrFunction === "payroll");
    expect(forecast?.ruleId).toBe("load-forecast");
    expect(forecast?.evidence.projection?.basis).toBe("load-trend");
    expect(forecast?.evidence.trend?.direction).toBe("rising");
    // 0.016 FTE a week from 0.6: 0.8 is reached 12.5 weeks on, so in week 13.
    expect(forecast?.evidence.projection?.weeksAhead).toBe(13);
  });

  it("estimates missing handling minutes with the policy default and says so", () => {
    // 10 measured hours + 30 tickets a week at 25 minutes = 22.5 h = 0.88 FTE; the measured part alone is 0.39.
    const metrics = organisation({
      headcount: 300,
      generalists: 3,
      loadFte: { benefits: 10 / 25.5 },
      withoutMinutes: { benefits: 30 },
    });
    const finding = evaluate(metrics).find((f) => f.hrFunction === "benefits" && f.ruleId === "sustained-load");
    expect(finding?.evidence.handlingTime).toMatchObject({
      defaultsUsed: true,
      defaultMinutesPerTicket: 25,
      ticketsEstimated: 240,
    });
    expect(finding?.evidence.average).toBeCloseTo(22.5 / 25.5, 3);
    expect(finding?.summary).toContain("240 resolved tickets without handling minutes at the 25-minute default");
  });

  it("notes unmapped load on HR operations without recommending for it", () => {
    const metrics = organisation({ headcount: 300, generalists: 3, loadFte: { benefits: 0.3, unmapped: 0.2 } });
    const findings = evaluate(metrics);
    expect(findings).toContainEqual(
      expect.objectContaining({
        hrFunction: "hr_operations",
        ruleId: "unmapped-load",
        recommendation: "no_change",
        severity: "info",
      }),
    );
    expect(findings.map((f) => f.hrFunction as string)).not.toContain("unmapped");
  });

  it("reads like the product brief and cites the rules that fired", () => {
    const metrics = organisation({ headcount: 300, generalists: 3, loadFte: { benefits: 0.9 } });
    const finding = evaluate(metrics).find((f) => f.ruleId === "sustained-load");
    expect(finding?.summary).toBe(
      "Benefits load averaged 0.9 FTE over the last 8 weeks (threshold 0.8 FTE, reached in 8 of 8 weeks): a benefits specialist is justified.",
    );
    expect(finding?.firedRules).toEqual([
      { ruleId: "sustained-load", version: 1 },
      { ruleId: "size-band", version: 2 },
    ]);
    expect(finding?.evidence).toMatchObject({
      window: { start: "2025-01-13", end: "2025-03-03", weeks: 8 },
      thresholds: { direction: "above", raise: 0.8, clear: 0.6 },
      organisation: { headcount: 300, sizeBand: "mid", budgetMode: "standard" },
      cost: { specialistAnnualCost: 130_000, currency: "USD" },
    });
  });
});

describe("the output contract", () => {
  const metrics = organisation({
    industry: "manufacturing",
    headcount: ramp(280, 320),
    generalists: 1,
    loadFte: { ...lightLoad, benefits: 1.6, unmapped: 0.5 },
    tickets: { employee_relations: 30 },
    escalationShare: { employee_relations: 0.4 },
  });

  it("is deterministic and sorted by function, then rule", () => {
    const first = evaluate(metrics);
    expect(first.length).toBeGreaterThan(4);
    expect(evaluate(metrics)).toEqual(first);
    const keys = first.map((f) => `${f.hrFunction} ${f.ruleId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("is plain JSON", () => {
    const findings = evaluate(metrics);
    expect(JSON.parse(JSON.stringify(findings))).toStrictEqual(findings);
  });

  it("gives one finding per organisation x function x rule", () => {
    const keys = evaluate(metrics).map((f) => `${f.organisationId} ${f.hrFunction} ${f.ruleId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("returns nothing for an organisation with no data", () => {
    expect(evaluate(organisation({ headcount: 0, weeks: 0 }))).toEqual([]);
  });
});
