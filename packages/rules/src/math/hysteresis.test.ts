import { describe, expect, it } from "vitest";
import { assessCondition, type ConditionThresholds } from "./hysteresis.ts";

const sustain = { sustainWeeks: 8, raiseMinWeeks: 6, clearConsecutiveWeeks: 4 };
const load: ConditionThresholds = { direction: "above", raise: 0.8, clear: 0.6 };
const ratio: ConditionThresholds = { direction: "below", raise: 1, clear: 1.1 };

describe("assessCondition", () => {
  it.each([
    ["6 of 8 weeks at or above raise: raised", [0.5, 0.5, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9], false, "raised"],
    ["5 of 8 weeks above raise: not sustained", [0.5, 0.5, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9], false, "inactive"],
    ["only the last 8 weeks count", [0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9], false, "inactive"],
    ["open, between the thresholds: held", [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7], true, "held"],
    ["open, 3 weeks below clear: still held", [0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5], true, "held"],
    ["open, 4 consecutive weeks below clear: cleared", [0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5], true, "inactive"],
    ["open, a week back above clear resets the run", [0.9, 0.9, 0.9, 0.5, 0.5, 0.7, 0.5, 0.5], true, "held"],
    ["open and still sustained: raised", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5], true, "raised"],
    ["weeks without data neither raise nor clear", [null, null, 0.9, 0.9, 0.9, 0.9, 0.9, null], false, "inactive"],
  ] as const)("%s", (_name, values, open, state) => {
    expect(assessCondition(values, load, sustain, open).state).toBe(state);
  });

  it("works the other way round for a metric where low is the problem", () => {
    expect(assessCondition([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], ratio, sustain, false).state).toBe("raised");
    expect(assessCondition([1, 1, 1, 1, 1, 1, 1, 1], ratio, sustain, false).state).toBe("inactive");
    expect(assessCondition([1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05], ratio, sustain, true).state).toBe("held");
    expect(assessCondition([0.9, 0.9, 0.9, 0.9, 1.1, 1.2, 1.1, 1.1], ratio, sustain, true).state).toBe("inactive");
  });

  it("reports the counts behind the judgement", () => {
    expect(assessCondition([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5], load, sustain, true)).toEqual({
      state: "raised",
      weeksBeyondRaise: 6,
      consecutiveWeeksBeyondClear: 2,
    });
  });
});
