import { describe, expect, it } from "vitest";
import { fitLine, valueAt } from "./least-squares.ts";

describe("fitLine (least squares)", () => {
  it("recovers an exact line", () => {
    const fit = fitLine([1, 3, 5, 7, 9]);
    expect(fit).not.toBeNull();
    expect(fit?.slope).toBeCloseTo(2, 12);
    expect(fit?.intercept).toBeCloseTo(1, 12);
    expect(fit?.rSquared).toBeCloseTo(1, 12);
    if (fit) expect(valueAt(fit, 10)).toBeCloseTo(21, 12);
  });

  it("matches the textbook fit of a noisy series", () => {
    // x = 0..4, y = 2, 4, 5, 4, 5: slope 0.6, intercept 2.8, R^2 = 3.6 / 6 = 0.6.
    const fit = fitLine([2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 12);
    expect(fit?.intercept).toBeCloseTo(2.8, 12);
    expect(fit?.rSquared).toBeCloseTo(0.6, 12);
  });

  it("skips weeks without a value but keeps their position", () => {
    const fit = fitLine([0, null, 2, null, 4]);
    expect(fit?.points).toBe(3);
    expect(fit?.slope).toBeCloseTo(1, 12);
  });

  it("calls a flat series flat, with no explained variance", () => {
    expect(fitLine([3, 3, 3, 3])).toEqual({ slope: 0, intercept: 3, rSquared: 0, points: 4 });
  });

  it("cannot fit fewer than two points", () => {
    expect(fitLine([5])).toBeNull();
    expect(fitLine([null, 5, null])).toBeNull();
  });
});
