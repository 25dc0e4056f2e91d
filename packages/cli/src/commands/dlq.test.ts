import { describe, expect, it } from "vitest";
import { since } from "./dlq.ts";

describe("dlq --since", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("takes minutes, hours and days back from now, or an RFC 3339 instant", () => {
    expect(since("30m", now).toISOString()).toBe("2026-12-01T11:30:00.000Z");
    expect(since("24h", now).toISOString()).toBe("2026-11-30T12:00:00.000Z");
    expect(since("7d", now).toISOString()).toBe("2026-11-24T12:00:00.000Z");
    expect(since("2026-11-30T08:00:00+01:00", now).toISOString()).toBe("2026-11-30T07:00:00.000Z");
  });
  it("refuses anything else with what it expects", () => {
    for (const bad of ["yesterday", "24", "2026-11-30", "2026-02-30T00:00:00Z x"])
      expect(() => since(bad, now)).toThrow(/expected 30m, 24h, 7d or an RFC 3339 instant/);
  });
});
