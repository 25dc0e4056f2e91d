import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCompletePeriod, isCompleteWeek, lastCompleteWeek } from "./weeks.ts";

describe("lastCompleteWeek", () => {
  it("is the previous week on every day of a week, and moves on at local Monday midnight", () => {
    // 2026-11-09 is a Monday
    for (const at of ["2026-11-09T00:00:00Z", "2026-11-09T06:00:00Z", "2026-11-11T15:00:00Z", "2026-11-15T23:59:59Z"])
      expect(lastCompleteWeek(at, "UTC"), at).toBe("2026-11-02");
    expect(lastCompleteWeek("2026-11-08T23:59:59.999Z", "UTC")).toBe("2026-10-26");
  });

  it("reads the week in a zone ahead of UTC: Monday has begun in Auckland while it is Sunday in UTC", () => {
    // 2026-11-08T12:00Z is Monday 01:00 in Auckland (NZDT, UTC+13)
    expect(lastCompleteWeek("2026-11-08T12:00:00Z", "Pacific/Auckland")).toBe("2026-11-02");
    expect(lastCompleteWeek("2026-11-08T12:00:00Z", "UTC")).toBe("2026-10-26");
    // Sunday 23:59 in Auckland is Sunday 10:59 UTC: the week is still in progress
    expect(lastCompleteWeek("2026-11-08T10:59:00Z", "Pacific/Auckland")).toBe("2026-10-26");
  });

  it("reads the week in a zone behind UTC: Monday in UTC is still Sunday in New York", () => {
    expect(lastCompleteWeek("2026-11-09T03:00:00Z", "America/New_York")).toBe("2026-10-26");
    expect(lastCompleteWeek("2026-11-09T05:00:00Z", "America/New_York")).toBe("2026-11-02");
  });

  it("keeps weeks on local midnights across daylight-saving changes", () => {
    // London: clocks go back on Sunday 2026-10-25 (BST -> GMT); Monday 00:00 GMT = 00:00Z
    expect(lastCompleteWeek("2026-10-25T23:59:00Z", "Europe/London")).toBe("2026-10-12");
    expect(lastCompleteWeek("2026-10-26T00:00:00Z", "Europe/London")).toBe("2026-10-19");
    // London: clocks go forward on Sunday 2026-03-29; Monday 00:00 BST = Sunday 23:00Z
    expect(lastCompleteWeek("2026-03-29T22:59:00Z", "Europe/London")).toBe("2026-03-16");
    expect(lastCompleteWeek("2026-03-29T23:00:00Z", "Europe/London")).toBe("2026-03-23");
    // New York: clocks go forward on Sunday 2026-03-08; Monday 00:00 EDT = 04:00Z
    expect(lastCompleteWeek("2026-03-09T03:59:00Z", "America/New_York")).toBe("2026-02-23");
    expect(lastCompleteWeek("2026-03-09T04:00:00Z", "America/New_York")).toBe("2026-03-02");
    // Auckland: clocks go back on Sunday 2026-04-05 (NZDT -> NZST, UTC+12)
    expect(lastCompleteWeek("2026-04-05T11:59:00Z", "Pacific/Auckland")).toBe("2026-03-23"); // Sunday 23:59 NZST
    expect(lastCompleteWeek("2026-04-05T12:00:00Z", "Pacific/Auckland")).toBe("2026-03-30");
    expect(lastCompleteWeek("2026-04-05T11:00:00Z", "Pacific/Auckland")).toBe("2026-03-23");
  });

  it("rejects what is not an instant or a zone", () => {
    expect(() => lastCompleteWeek("last week", "UTC")).toThrow(RangeError);
    expect(() => lastCompleteWeek("2026-11-09T00:00:00Z", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("isCompleteWeek and isCompletePeriod", () => {
  const wednesday = "2026-11-11T15:00:00Z";
  it("counts the weeks before the one in progress, not the one in progress", () => {
    expect(isCompleteWeek("2026-11-02", wednesday, "UTC")).toBe(true);
    expect(isCompleteWeek("2026-11-09", wednesday, "UTC")).toBe(false);
  });

  it("counts a period complete once its last day lies in a complete week", () => {
    expect(isCompletePeriod("2026-11-08", wednesday, "UTC")).toBe(true); // the Sunday of the last complete week
    expect(isCompletePeriod("2026-11-09", wednesday, "UTC")).toBe(false); // Monday of the week in progress
    expect(isCompletePeriod("2026-10-31", wednesday, "UTC")).toBe(true); // October
    expect(isCompletePeriod("2026-11-30", wednesday, "UTC")).toBe(false); // November so far
  });
});

describe("the README's example", () => {
  it("is what lastCompleteWeek says", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## How the week is counted"));
    const rows = [...section.matchAll(/^\| `(\S+)` \| [^|]+ \| week of (\S+) \| week of (\S+) \|$/gm)];
    expect(rows).toHaveLength(3);
    for (const [, at, complete, inProgress] of rows) {
      expect(lastCompleteWeek(at!, "Pacific/Auckland"), at).toBe(complete);
      expect(isCompleteWeek(inProgress!, at!, "Pacific/Auckland"), at).toBe(false);
    }
  });
});
