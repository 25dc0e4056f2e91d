import type { DigestInput } from "./model.ts";

/** A digest input with one of everything (shared by the unit tests beside it). */
export const sampleInput: DigestInput = {
  organisation: { id: "acme", name: "Acme <Corp> & Sons", timeZone: "Europe/Berlin" },
  period: { at: "2026-11-30T07:00:00.000Z", since: "2026-11-23T07:00:00.000Z" },
  openAlerts: [
    {
      alertId: 7,
      hrFunction: "benefits",
      status: "open",
      recommendation: "hire_specialist",
      severity: "high",
      summary:
        "Benefits load averaged 1.05 FTE over the last 8 weeks (threshold 0.8 FTE, reached in 7 of 8 weeks): a benefits specialist is justified. Second sentence.",
      openedAt: "2026-10-05T06:00:00.000Z",
    },
    {
      alertId: 9,
      hrFunction: "hr_operations",
      status: "acknowledged",
      recommendation: "add_generalist",
      severity: "medium",
      summary: "HR operations needs a generalist <script>alert(1)</script>.",
      openedAt: "2026-11-24T06:00:00.000Z",
    },
  ],
  changes: [
    {
      alertId: 9,
      hrFunction: "hr_operations",
      change: "raised",
      recommendation: "add_generalist",
      severity: "medium",
      summary: "HR operations needs a generalist.",
      changedAt: "2026-11-24T06:00:00.000Z",
    },
    {
      alertId: 9,
      hrFunction: "hr_operations",
      change: "acknowledged",
      recommendation: "add_generalist",
      severity: "medium",
      summary: "x",
      changedAt: "2026-11-25T06:00:00.000Z",
    },
    {
      alertId: 4,
      hrFunction: "payroll",
      change: "resolved",
      recommendation: "outsource",
      severity: "low",
      summary: "Payroll load fell below 0.5 FTE.",
      changedAt: "2026-11-26T06:00:00.000Z",
    },
  ],
  projections: [
    {
      hrFunction: "benefits",
      currentFte: 1.05,
      thresholdFte: 0.8,
      weeksToCrossing: 0,
      projectedCrossing: "2026-11-23",
    },
    {
      hrFunction: "recruiting",
      currentFte: 0.6,
      thresholdFte: 0.8,
      weeksToCrossing: 5,
      projectedCrossing: "2026-12-28",
    },
    {
      hrFunction: "compliance",
      currentFte: 0.2,
      thresholdFte: 0.8,
      weeksToCrossing: 30,
      projectedCrossing: "2027-06-21",
    },
  ],
  dashboardUrl: "https://hr.example/dashboard/",
};
