import { describe, expect, it } from "vitest";
import { addWeeks, daysBetween, localDate, mondayOf } from "./dates.ts";

describe("dates", () => {
  it("reads the evaluation date in the organisation's time zone", () => {
    // 23:30 UTC on Sunday is already Monday in Berlin and still Sunday in New York.
    expect(localDate("2025-03-09T23:30:00Z", "Europe/Berlin")).toBe("2025-03-10");
    expect(localDate("2025-03-09T23:30:00Z", "America/New_York")).toBe("2025-03-09");
  });

  it("finds the Monday of a week and does week arithmetic across month and DST boundaries", () => {
    expect(mondayOf("2025-03-09")).toBe("2025-03-03");
    expect(mondayOf("2025-03-03")).toBe("2025-03-03");
    expect(addWeeks("2025-03-24", 1)).toBe("2025-03-31");
    expect(daysBetween("2025-03-03", "2026-03-02")).toBe(364);
  });
});
