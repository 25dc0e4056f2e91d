import type { DemoCompany } from "./model.ts";

// The article's five cases as companies an HR-operations person would recognise. Every
// rate below is per week; loads in FTE follow the rules' formula, hours / 25.5 (30
// productive hours x 0.85 occupancy), so e.g. 12 leave-of-absence cases a week at ~95
// minutes are ~19 hours, 0.75 FTE. The figures are chosen so that each case's expected
// alerts come out of the default policy with margin, not on a knife edge.

/** Case 1: "a rapidly growing tech startup might need a recruitment specialist even with just 30 employees". */
const rocketLabs: DemoCompany = {
  id: "demo-rocket-labs",
  name: "Rocket Labs",
  story: "A 30-person tech startup hiring more than a person a week since its Series A: hiring, not size, calls for a recruiter.",
  industry: "technology",
  timeZone: "Europe/Berlin",
  hris: "personio",
  helpdesk: "zendesk",
  employeeIdPrefix: "RL-",
  departments: [["Engineering", 6], ["Product", 1.5], ["Sales", 2], ["Customer Success", 1], ["Operations", 0.5]],
  workforce: {
    startHeadcount: 12,
    // A few hires a month until the round closed three months ago, then ~1.35 a week.
    hiresPerWeek: (weeksAgo) => (weeksAgo >= 12 ? 0.35 : 1.35),
    attritionPerYear: 0.1,
    internalMovesPerWeek: 0.05,
    openRequisitions: (weeksAgo) => (weeksAgo >= 12 ? 4 : 13),
    plan: { announcedWeeksAgo: 13, factor: 2, months: 12 },
  },
  hrTeam: [{ hrRole: "generalist" }],
  tickets: {
    // Zendesk without time tracking: the rules fill in the policy's default minutes.
    export: "events",
    tracksMinutes: false,
    categories: [
      { category: "Hiring request", hrFunction: "recruiting", perEmployeeWeekly: 0.01, perHire: 1, minutes: 30, escalation: 0.05, season: "hiring" },
      { category: "Onboarding", hrFunction: "onboarding", perEmployeeWeekly: 0, perHire: 3, minutes: 30, escalation: 0.02, season: "steady" },
      { category: "Payroll", hrFunction: "payroll", perEmployeeWeekly: 0.03, minutes: 20, escalation: 0.05, season: "payroll-year-end" },
      { category: "Benefits", hrFunction: "benefits", perEmployeeWeekly: 0.03, minutes: 25, escalation: 0.05, season: "benefits-enrolment" },
      { category: "Policies & leave", hrFunction: "hr_operations", perEmployeeWeekly: 0.06, minutes: 15, escalation: 0.02, season: "steady" },
    ],
  },
  expected: [{ hrFunction: "recruiting", recommendation: "hire_specialist" }],
};

/** Case 2: "a 50-person startup planning to double in size next year has different needs". */
const northwind: DemoCompany = {
  id: "demo-northwind",
  name: "Northwind Analytics",
  story: "A 50-person software company with no HR staff yet whose board approved doubling within a year: plan a recruiter, add a generalist.",
  industry: "software",
  timeZone: "Europe/Amsterdam",
  hris: "hibob",
  helpdesk: "freshservice-export",
  employeeIdPrefix: "NW",
  departments: [["Engineering", 5], ["Data Science", 2], ["Sales", 2], ["Finance", 0.5], ["Operations", 0.5]],
  workforce: {
    startHeadcount: 45,
    hiresPerWeek: () => 0.4,
    attritionPerYear: 0.1,
    internalMovesPerWeek: 0.05,
    openRequisitions: (weeksAgo) => (weeksAgo >= 6 ? 2 : 11),
    plan: { announcedWeeksAgo: 6, factor: 2, months: 12 },
  },
  // The COO's office answers HR questions; nobody in post has an HR role.
  hrTeam: [],
  tickets: {
    export: "weekly-volume",
    tracksMinutes: true,
    categories: [
      { category: "Recruiting", hrFunction: "recruiting", perEmployeeWeekly: 0.01, perHire: 1, minutes: 40, escalation: 0.05, season: "hiring" },
      { category: "New joiners", hrFunction: "onboarding", perEmployeeWeekly: 0, perHire: 3, minutes: 30, escalation: 0.02, season: "steady" },
      { category: "Salary & payslips", hrFunction: "payroll", perEmployeeWeekly: 0.04, minutes: 20, escalation: 0.05, season: "payroll-year-end" },
      { category: "Benefits & pension", hrFunction: "benefits", perEmployeeWeekly: 0.04, minutes: 25, escalation: 0.05, season: "benefits-enrolment" },
      { category: "Workplace issues", hrFunction: "employee_relations", perEmployeeWeekly: 0.01, minutes: 90, escalation: 0.2, season: "steady" },
      { category: "Training budget", hrFunction: "learning_development", perEmployeeWeekly: 0.01, minutes: 30, escalation: 0.05, season: "training-year" },
      { category: "HR admin", hrFunction: "hr_operations", perEmployeeWeekly: 0.08, minutes: 15, escalation: 0.02, season: "steady" },
    ],
  },
  expected: [
    { hrFunction: "recruiting", recommendation: "plan_specialist" },
    { hrFunction: "hr_operations", recommendation: "add_generalist" },
  ],
};

/** Case 3: "a stable 200-person company maintaining steady growth" (mid-size: generalists plus high-volume specialists). */
const oakridge: DemoCompany = {
  id: "demo-oakridge",
  name: "Oakridge Consulting",
  story:
    "A stable 200-person consultancy run by two generalists and a payroll specialist, where benefits and leave administration fill a full-time job: a benefits specialist.",
  industry: "professional_services",
  timeZone: "America/New_York",
  hris: "bamboohr",
  helpdesk: "servicenow-export",
  employeeIdPrefix: "OC",
  departments: [["Consulting", 7], ["Delivery", 2], ["Business Development", 1], ["Finance", 0.5], ["IT", 0.5]],
  workforce: {
    startHeadcount: 198,
    // Replacement hiring at ~12% turnover: headcount stays put.
    hiresPerWeek: () => 0.46,
    attritionPerYear: 0.12,
    internalMovesPerWeek: 0.3,
    openRequisitions: () => 5,
  },
  hrTeam: [{ hrRole: "generalist" }, { hrRole: "generalist" }, { hrRole: "specialist", hrFunction: "payroll" }],
  tickets: {
    export: "daily-volume",
    tracksMinutes: true,
    categories: [
      { category: "Benefits enrolment & insurance", hrFunction: "benefits", perEmployeeWeekly: 0.08, minutes: 30, escalation: 0.08, season: "benefits-enrolment" },
      { category: "Retirement plan (401k)", hrFunction: "benefits", perEmployeeWeekly: 0.02, minutes: 30, escalation: 0.05, season: "steady" },
      { category: "Leave of absence", hrFunction: "benefits", perEmployeeWeekly: 0.065, minutes: 95, escalation: 0.12, season: "steady" },
      { category: "Payroll & payslips", hrFunction: "payroll", perEmployeeWeekly: 0.08, minutes: 20, escalation: 0.05, season: "payroll-year-end" },
      { category: "Hiring & requisitions", hrFunction: "recruiting", perEmployeeWeekly: 0.005, perHire: 1.5, minutes: 40, escalation: 0.05, season: "hiring" },
      { category: "New starters", hrFunction: "onboarding", perEmployeeWeekly: 0, perHire: 3, minutes: 30, escalation: 0.02, season: "steady" },
      { category: "Employee relations", hrFunction: "employee_relations", perEmployeeWeekly: 0.015, minutes: 90, escalation: 0.25, season: "steady" },
      { category: "Training", hrFunction: "learning_development", perEmployeeWeekly: 0.03, minutes: 30, escalation: 0.05, season: "training-year" },
      { category: "Compensation review", hrFunction: "compensation", perEmployeeWeekly: 0.01, minutes: 45, escalation: 0.1, season: "steady" },
      { category: "HR policies", hrFunction: "hr_operations", perEmployeeWeekly: 0.1, minutes: 15, escalation: 0.02, season: "steady" },
    ],
  },
  expected: [{ hrFunction: "benefits", recommendation: "hire_specialist" }],
};

/** Case 4: "a manufacturing company needs an HR specialist focused on safety and compliance". */
const steelworks: DemoCompany = {
  id: "demo-steelworks",
  name: "Steelworks Fabrication",
  story: "A 120-person metal fabricator with two generalists: a regulated industry needs health & safety and compliance specialists whatever its size.",
  industry: "manufacturing",
  timeZone: "America/Chicago",
  hris: "ukg",
  helpdesk: "zendesk",
  employeeIdPrefix: "SW",
  departments: [["Production", 7], ["Maintenance", 1], ["Warehouse", 1.5], ["Quality", 0.7], ["Office", 0.8]],
  workforce: {
    startHeadcount: 120,
    // Shift-work turnover (~22% a year), replaced as it happens.
    hiresPerWeek: () => 0.5,
    attritionPerYear: 0.22,
    internalMovesPerWeek: 0.1,
    openRequisitions: () => 3,
  },
  // One generalist left ten weeks ago; the replacement started three weeks later.
  hrTeam: [{ hrRole: "generalist" }, { hrRole: "generalist", leftWeeksAgo: 10 }, { hrRole: "generalist", joinedWeeksAgo: 7 }],
  tickets: {
    export: "events",
    tracksMinutes: true,
    categories: [
      { category: "Safety incident / near miss", hrFunction: "health_safety", perEmployeeWeekly: 0.04, minutes: 60, escalation: 0.4, season: "steady" },
      { category: "PPE & safety training", hrFunction: "health_safety", perEmployeeWeekly: 0.02, minutes: 40, escalation: 0.2, season: "steady" },
      { category: "OSHA & compliance", hrFunction: "compliance", perEmployeeWeekly: 0.02, minutes: 60, escalation: 0.3, season: "compliance-deadline" },
      { category: "Timeclock & overtime pay", hrFunction: "payroll", perEmployeeWeekly: 0.12, minutes: 20, escalation: 0.05, season: "payroll-year-end" },
      { category: "Benefits", hrFunction: "benefits", perEmployeeWeekly: 0.04, minutes: 25, escalation: 0.05, season: "benefits-enrolment" },
      { category: "Shift swaps & leave", hrFunction: "hr_operations", perEmployeeWeekly: 0.1, minutes: 15, escalation: 0.02, season: "steady" },
      { category: "New hire paperwork", hrFunction: "onboarding", perEmployeeWeekly: 0, perHire: 3, minutes: 30, escalation: 0.02, season: "steady" },
      { category: "Grievance", hrFunction: "employee_relations", perEmployeeWeekly: 0.01, minutes: 90, escalation: 0.3, season: "steady" },
      { category: "Certifications & training", hrFunction: "learning_development", perEmployeeWeekly: 0.02, minutes: 30, escalation: 0.05, season: "training-year" },
    ],
  },
  expected: [
    { hrFunction: "compliance", recommendation: "hire_specialist" },
    { hrFunction: "health_safety", recommendation: "hire_specialist" },
  ],
};

/** Case 5: "large companies (500+ employees) typically need multiple specialists organized into functional teams". */
const globex: DemoCompany = {
  id: "demo-globex",
  name: "Globex Technologies",
  story:
    "An 800-person enterprise with eight HR business partners and four specialists: heavy benefits, employee-relations and hiring demand call for specialists in exactly those functions.",
  industry: "technology",
  timeZone: "America/New_York",
  hris: "workday",
  helpdesk: "servicenow-hrsd",
  employeeIdPrefix: "G",
  departments: [
    ["Engineering", 30], ["Product", 6], ["Sales", 18], ["Marketing", 6], ["Customer Support", 14],
    ["Finance", 5], ["Legal", 2], ["IT", 5], ["Facilities", 3],
  ],
  workforce: {
    startHeadcount: 770,
    // Growth (~10% a year) plus replacing ~14% turnover: about 3.6 hires a week.
    hiresPerWeek: () => 3.6,
    attritionPerYear: 0.14,
    internalMovesPerWeek: 1.5,
    openRequisitions: (_weeksAgo, headcount) => Math.round(headcount * 0.05),
  },
  hrTeam: [
    ...Array.from({ length: 8 }, () => ({ hrRole: "generalist" as const })),
    { hrRole: "specialist", hrFunction: "recruiting" },
    { hrRole: "specialist", hrFunction: "payroll" },
    { hrRole: "specialist", hrFunction: "payroll", joinedWeeksAgo: 10 },
    { hrRole: "specialist", hrFunction: "compensation" },
    { hrRole: "specialist", hrFunction: "learning_development" },
  ],
  tickets: {
    export: "events",
    tracksMinutes: true,
    categories: [
      { category: "Benefits & insurance", hrFunction: "benefits", perEmployeeWeekly: 0.05, minutes: 25, escalation: 0.08, season: "benefits-enrolment" },
      { category: "Leave & absence", hrFunction: "benefits", perEmployeeWeekly: 0.012, minutes: 90, escalation: 0.12, season: "steady" },
      { category: "Payroll", hrFunction: "payroll", perEmployeeWeekly: 0.06, minutes: 20, escalation: 0.05, season: "payroll-year-end" },
      { category: "Compensation & bonus", hrFunction: "compensation", perEmployeeWeekly: 0.012, minutes: 45, escalation: 0.1, season: "steady" },
      { category: "Workplace concerns", hrFunction: "employee_relations", perEmployeeWeekly: 0.024, minutes: 95, escalation: 0.35, season: "steady" },
      { category: "Learning & development", hrFunction: "learning_development", perEmployeeWeekly: 0.02, minutes: 30, escalation: 0.05, season: "training-year" },
      { category: "Recruiting support", hrFunction: "recruiting", perEmployeeWeekly: 0.005, perHire: 2, minutes: 40, escalation: 0.05, season: "hiring" },
      { category: "Onboarding", hrFunction: "onboarding", perEmployeeWeekly: 0, perHire: 4, minutes: 30, escalation: 0.02, season: "steady" },
      { category: "Compliance & ethics", hrFunction: "compliance", perEmployeeWeekly: 0.006, minutes: 60, escalation: 0.15, season: "compliance-deadline" },
      { category: "Health & safety", hrFunction: "health_safety", perEmployeeWeekly: 0.003, minutes: 60, escalation: 0.15, season: "steady" },
      { category: "HR policies & letters", hrFunction: "hr_operations", perEmployeeWeekly: 0.07, minutes: 12, escalation: 0.02, season: "steady" },
      // Nobody mapped the mobility team's queue: counted as unmapped, a small share.
      { category: "Visa & relocation", hrFunction: null, perEmployeeWeekly: 0.006, minutes: 45, escalation: 0.1, season: "steady" },
    ],
  },
  expected: [
    { hrFunction: "benefits", recommendation: "hire_specialist" },
    { hrFunction: "employee_relations", recommendation: "hire_specialist" },
    { hrFunction: "recruiting", recommendation: "hire_specialist" },
  ],
};

/** The five demo organisations, in the article's order. */
export const DEMO_COMPANIES: readonly DemoCompany[] = [rocketLabs, northwind, oakridge, steelworks, globex];
