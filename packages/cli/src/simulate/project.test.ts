import { defaultPolicy } from "@hr-radar/policy";
import type { FunctionLoadWeek, HeadcountWeek, OrganisationMetrics } from "@hr-radar/rules";
import { describe, expect, it } from "vitest";
import { plannedHeadcount, simulate } from "./project.ts";

const WEEKS = 26;
const monday = (i: number) =>
  new Date(Date.parse("2026-05-04T00:00:00Z") + i * 7 * 86_400_000).toISOString().slice(0, 10);

/** A 50-person company whose benefits questions take half an FTE a week, one generalist. */
function fiftyPersonCompany(): OrganisationMetrics {
  const headcount: HeadcountWeek[] = Array.from({ length: WEEKS }, (_, i) => ({
    weekStart: monday(i),
    headcount: 50,
    hires: 0,
    terminations: 0,
    openRequisitions: 0,
  }));
  // 0.5 FTE = 0.5 x 30 h x 0.85 = 12.75 h = 765 minutes a week
  const functionLoad: FunctionLoadWeek[] = headcount.map((w) => ({
    weekStart: w.weekStart,
    bucket: "benefits",
    ticketsOpened: 30,
    ticketsResolved: 30,
    ticketsEscalated: 1,
    handlingMinutes: 765,
    resolvedWithoutMinutes: 0,
    backlogAtWeekEnd: 2,
  }));
  return {
    organisationId: "doubling",
    name: "Doubling Co",
    industry: "technology",
    timeZone: "UTC",
    headcount,
    functionLoad,
    hrTeam: { generalists: 1, specialists: {} },
    plan: null,
  };
}

describe("simulate", () => {
  it("plans a target linearly and a rate by compounding", () => {
    expect(plannedHeadcount({ kind: "target", headcount: 100, by: "2027-10-25" }, 50, "2026-10-26", 26)).toBe(75);
    expect(plannedHeadcount({ kind: "target", headcount: 100, by: "2027-10-25" }, 50, "2026-10-26", 80)).toBe(100);
    expect(plannedHeadcount({ kind: "rate", perYear: 1 }, 50, "2026-10-26", 52)).toBe(100);
  });

  it("a company doubling in a year crosses the benefits specialist threshold once load per head holds", () => {
    const result = simulate({
      metrics: fiftyPersonCompany(),
      policy: defaultPolicy,
      evaluatedAt: `${monday(WEEKS - 1)}T12:00:00Z`,
      plan: { kind: "rate", perYear: 1 },
      horizonWeeks: 52,
    });
    const benefits = result.firstFirings.find(
      (f) => f.finding.hrFunction === "benefits" && f.finding.recommendation === "hire_specialist",
    );
    expect(benefits).toBeDefined();
    // 0.8 FTE needs 80 people at 0.01 FTE each, and the load must then be sustained
    expect(benefits!.projectedHeadcount).toBeGreaterThanOrEqual(80);
    expect(benefits!.weeksAhead).toBeGreaterThan(35);
    expect(result.headcount.at(-1)?.headcount).toBe(100);
  });

  it("with no growth, the benefits load never justifies a specialist", () => {
    const result = simulate({
      metrics: fiftyPersonCompany(),
      policy: defaultPolicy,
      evaluatedAt: `${monday(WEEKS - 1)}T12:00:00Z`,
      plan: { kind: "rate", perYear: 0 },
      horizonWeeks: 52,
    });
    expect(
      result.firstFirings.filter(
        (f) => f.finding.hrFunction === "benefits" && f.finding.recommendation === "hire_specialist",
      ),
    ).toEqual([]);
  });

  it("projects an organisation with less history than the lookback window", () => {
    const metrics = fiftyPersonCompany();
    const short = {
      ...metrics,
      headcount: metrics.headcount.slice(-10),
      functionLoad: metrics.functionLoad.slice(-10),
    };
    const result = simulate({
      metrics: short,
      policy: defaultPolicy,
      evaluatedAt: `${monday(WEEKS - 1)}T12:00:00Z`,
      plan: { kind: "rate", perYear: 1 },
      horizonWeeks: 52,
    });
    expect(result.headcount).toHaveLength(52);
    expect(
      result.firstFirings.some(
        (f) => f.finding.hrFunction === "benefits" && f.finding.recommendation === "hire_specialist",
      ),
    ).toBe(true);
  });
});
