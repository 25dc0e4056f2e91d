import { HR_FUNCTIONS, type HrFunction } from "./hr-functions.ts";
import { type Policy, policySchema, type SalaryBand } from "./policy.ts";

// The values behind every field of `policySchema`; each field's doc comment in
// policy.ts says where its default comes from.

function everyFunction<T>(value: (f: HrFunction) => T): Record<HrFunction, T> {
  return Object.fromEntries(HR_FUNCTIONS.map((f) => [f, value(f)])) as Record<HrFunction, T>;
}

const SPECIALIST_SALARY: SalaryBand = { min: 80_000, max: 120_000 };

const SAFETY_AND_COMPLIANCE: HrFunction[] = ["health_safety", "compliance"];

const DEFAULTS: Policy = {
  windows: {
    lookbackWeeks: 26,
    sustainWeeks: 8,
    raiseMinWeeks: 6,
    clearConsecutiveWeeks: 4,
    smoothingWeeks: 4,
  },
  capacity: {
    productiveHoursPerFteWeek: 30,
    targetOccupancy: 0.85,
    defaultHandlingMinutes: {
      recruiting: 30,
      compensation: 45,
      benefits: 25,
      payroll: 20,
      employee_relations: 90,
      learning_development: 30,
      compliance: 60,
      health_safety: 60,
      onboarding: 30,
      hr_operations: 15,
      unmapped: 20,
    },
  },
  sizeBands: { smallMaxHeadcount: 49, midMaxHeadcount: 500 },
  coverage: { employeesPerGeneralist: 100 },
  thresholds: {
    specialistRaiseFte: 0.8,
    specialistClearFte: 0.6,
    specialistHighSeverityFte: 1.5,
    coverageRaiseGapFte: 0.75,
    coverageClearGapFte: 0.25,
    escalationRaiseShare: 0.25,
    escalationClearShare: 0.15,
    escalationMinTickets: 20,
    unmappedRaiseShare: 0.2,
    unmappedClearShare: 0.1,
    unmappedMinTickets: 20,
    costBreakEvenRaiseRatio: 1,
    costBreakEvenClearRatio: 0.85,
  },
  hrRatio: {
    benchmarks: {
      small: { lowPer100: 2, highPer100: 3 },
      mid: { lowPer100: 1, highPer100: 1.5 },
      large: { lowPer100: 1, highPer100: 1.5 },
    },
    clearMarginPer100: 0.1,
    minHeadcount: 20,
  },
  hiring: { hoursPerHire: 25 },
  regulation: {
    industries: {
      // keyed by industry key (industries.ts): `energy` is an alias of utilities, and
      // `logistics` of transportation_warehousing; NAICS 21 (oil and gas extraction) was
      // part of "energy" and stays regulated as mining
      manufacturing: SAFETY_AND_COMPLIANCE,
      construction: SAFETY_AND_COMPLIANCE,
      utilities: SAFETY_AND_COMPLIANCE,
      mining: SAFETY_AND_COMPLIANCE,
      transportation_warehousing: SAFETY_AND_COMPLIANCE,
      healthcare: ["compliance", "health_safety"],
      financial_services: ["compliance"],
    },
  },
  budget: {
    mode: "standard",
    outsourceableFunctions: ["benefits", "payroll", "recruiting"],
    outsourcingAnnualSpend: everyFunction(() => 0),
    loadedCostFactor: 1.3,
    currency: "USD",
  },
  salaries: {
    generalist: { min: 60_000, max: 75_000 },
    specialist: everyFunction(() => SPECIALIST_SALARY),
  },
  forecast: {
    horizonWeeks: 52,
    clearHorizonWeeks: 78,
    minTrendWeeks: 8,
    minRSquared: 0.5,
  },
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The policy every organisation starts from: fully populated, validated on load
 * (a mistake here fails at import, not in an alert) and deeply frozen, so no caller
 * can change it for everyone else. Copy it through `resolvePolicy` to customise.
 */
export const defaultPolicy: Policy = deepFreeze(policySchema.parse(DEFAULTS));
