import { defaultPolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import { fteHoursPerWeek, handlingTimeEvidence, loadByBucket } from "./load.ts";
import type { FunctionLoadWeek } from "./metrics.ts";

const week = (weekStart: string, overrides: Partial<FunctionLoadWeek>): FunctionLoadWeek => ({
  weekStart,
  bucket: "benefits",
  ticketsOpened: 0,
  ticketsResolved: 0,
  ticketsEscalated: 0,
  handlingMinutes: 0,
  resolvedWithoutMinutes: 0,
  backlogAtWeekEnd: 0,
  ...overrides,
});

describe("load in FTE", () => {
  it("divides handling hours by productive hours x occupancy", () => {
    expect(fteHoursPerWeek(defaultPolicy)).toBeCloseTo(25.5, 12); // 30 h x 0.85
    const series = loadByBucket([week("2025-03-03", { handlingMinutes: 25.5 * 60 })], ["2025-03-03"], defaultPolicy);
    expect(series.get("benefits")?.fte[0]).toBeCloseTo(1, 12);
  });

  it("uses the function's default handling time for resolved tickets without minutes, and says so", () => {
    // 600 known minutes plus 30 tickets x 25 default minutes = 1,350 minutes = 22.5 hours.
    const rows = [week("2025-03-03", { handlingMinutes: 600, resolvedWithoutMinutes: 30, ticketsResolved: 50 })];
    const series = loadByBucket(rows, ["2025-03-03"], defaultPolicy).get("benefits");
    if (series === undefined) throw new Error("no benefits series");
    expect(series.hours[0]).toBeCloseTo(22.5, 12);
    expect(series.fte[0]).toBeCloseTo(22.5 / 25.5, 12);
    expect(handlingTimeEvidence(series, 0, defaultPolicy)).toEqual({
      defaultsUsed: true,
      defaultMinutesPerTicket: 25,
      ticketsEstimated: 30,
      measuredHours: 10,
      estimatedHours: 12.5,
      estimatedShare: 0.556,
    });
  });

  it("says no defaults were used when every ticket had minutes", () => {
    const series = loadByBucket([week("2025-03-03", { handlingMinutes: 600 })], ["2025-03-03"], defaultPolicy).get(
      "benefits",
    );
    if (series === undefined) throw new Error("no benefits series");
    expect(handlingTimeEvidence(series, 0, defaultPolicy).defaultsUsed).toBe(false);
  });

  it("fills weeks without a row with zeros and ignores rows outside the window", () => {
    const rows = [week("2025-02-24", { handlingMinutes: 60 }), week("2025-01-06", { handlingMinutes: 6000 })];
    const series = loadByBucket(rows, ["2025-02-24", "2025-03-03"], defaultPolicy).get("benefits");
    expect(series?.hours).toEqual([1, 0]);
  });
});
