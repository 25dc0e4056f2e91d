import { describe, expect, it } from "vitest";
import { firstCrossingWeek } from "./crossing.ts";
import { addWeeks } from "./dates.ts";
import { fitLine, valueAt } from "./least-squares.ts";

describe("firstCrossingWeek", () => {
  it("finds the week a fitted trend reaches the threshold, and its date", () => {
    // Load grows 0.05 FTE a week and is 0.5 in the current (last, index 7) week.
    const fit = fitLine([0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    if (fit === null) throw new Error("no fit");
    const weeksAhead = firstCrossingWeek((k) => valueAt(fit, 7 + k), 0.8, 52);
    expect(weeksAhead).toBe(6); // 0.5 + 6 x 0.05 = 0.8 exactly: reaching counts
    expect(addWeeks("2025-03-03", weeksAhead ?? 0)).toBe("2025-04-14");
  });

  it("reports no crossing beyond the horizon or for a falling trend", () => {
    expect(firstCrossingWeek((k) => 0.5 + 0.01 * k, 0.8, 26)).toBeNull();
    expect(firstCrossingWeek((k) => 0.5 + 0.01 * k, 0.8, 30)).toBe(30);
    expect(firstCrossingWeek((k) => 0.7 - 0.01 * k, 0.8, 52)).toBeNull();
  });

  it("says next week when the projection is already there", () => {
    expect(firstCrossingWeek(() => 0.9, 0.8, 52)).toBe(1);
  });
});
