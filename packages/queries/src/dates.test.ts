import { describe, expect, it } from "vitest";
import { checkDateWindow, isCalendarDate } from "./dates.ts";

describe("isCalendarDate", () => {
  it("accepts real days, leap days included", () => {
    for (const day of ["2026-01-31", "2024-02-29", "2000-02-29", "2026-12-31"])
      expect(isCalendarDate(day), day).toBe(true);
  });
  it("refuses days a month does not have, and other shapes", () => {
    for (const day of [
      "2026-02-30",
      "2025-02-29",
      "1900-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-1-5",
      "last-week",
      "2026-10-01\u0000",
    ])
      expect(isCalendarDate(day), day).toBe(false);
  });
});

describe("checkDateWindow", () => {
  it("names the bound at fault", () => {
    expect(checkDateWindow({ from: "2026-02-30" })).toEqual({
      field: "from",
      message: "expected a calendar date YYYY-MM-DD, got '2026-02-30'",
    });
    expect(checkDateWindow({ from: "2026-02-01", to: "2026-02-31" })?.field).toBe("to");
    expect(checkDateWindow({ from: "2026-03-02", to: "2026-03-01" })).toEqual({
      field: "from",
      message: "from 2026-03-02 is after to 2026-03-01",
    });
  });
  it("accepts open and one-day windows", () => {
    expect(checkDateWindow({})).toBeNull();
    expect(checkDateWindow({ to: "2026-03-01" })).toBeNull();
    expect(checkDateWindow({ from: "2026-03-01", to: "2026-03-01" })).toBeNull();
  });
});
