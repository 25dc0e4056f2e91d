import { describe, expect, it } from "vitest";
import { DEFAULT_DIGEST_CRON, digestPeriodAt, isValidDigestCron } from "./schedule.ts";

describe("digestPeriodAt", () => {
  it("is the latest Monday 08:00 in the organisation's zone, and the one before", () => {
    // Tuesday 1 Dec 2026, 13:00 UTC; Berlin is UTC+1 in winter
    expect(digestPeriodAt(DEFAULT_DIGEST_CRON, "Europe/Berlin", "2026-12-01T13:00:00Z")).toEqual({
      periodAt: "2026-11-30T07:00:00.000Z",
      previousAt: "2026-11-23T07:00:00.000Z",
    });
    expect(digestPeriodAt(DEFAULT_DIGEST_CRON, "America/New_York", "2026-12-01T13:00:00Z").periodAt).toBe(
      "2026-11-30T13:00:00.000Z",
    );
  });

  it("counts an instant exactly on the schedule as its own period, a millisecond before as the previous", () => {
    expect(digestPeriodAt(DEFAULT_DIGEST_CRON, "UTC", "2026-11-30T08:00:00.000Z").periodAt).toBe(
      "2026-11-30T08:00:00.000Z",
    );
    expect(digestPeriodAt(DEFAULT_DIGEST_CRON, "UTC", "2026-11-30T07:59:59.999Z").periodAt).toBe(
      "2026-11-23T08:00:00.000Z",
    );
  });

  it("follows the zone's clock across a daylight-saving change", () => {
    // Berlin moves to UTC+2 on 29 Mar 2026: Monday 30 Mar 08:00 is 06:00 UTC
    expect(digestPeriodAt(DEFAULT_DIGEST_CRON, "Europe/Berlin", "2026-03-31T00:00:00Z")).toEqual({
      periodAt: "2026-03-30T06:00:00.000Z",
      previousAt: "2026-03-23T07:00:00.000Z",
    });
  });

  it("rejects a bad expression, zone or instant with a RangeError", () => {
    expect(() => digestPeriodAt("not cron", "UTC", "2026-12-01T00:00:00Z")).toThrow(RangeError);
    expect(() => digestPeriodAt(DEFAULT_DIGEST_CRON, "Mars/Olympus", "2026-12-01T00:00:00Z")).toThrow(RangeError);
    expect(() => digestPeriodAt(DEFAULT_DIGEST_CRON, "UTC", "yesterday")).toThrow(RangeError);
    expect(isValidDigestCron("0 8 * * 1")).toBe(true);
    expect(isValidDigestCron("every monday")).toBe(false);
  });
});
