import { describe, expect, it } from "vitest";
import { tokenExpiry } from "./tokens.ts";

const now = new Date("2026-12-01T10:00:00Z");

describe("tokenExpiry", () => {
  it("counts days and hours from now", () => {
    expect(tokenExpiry("90d", now)).toBe("2027-03-01T10:00:00.000Z");
    expect(tokenExpiry("12h", now)).toBe("2026-12-01T22:00:00.000Z");
  });

  it("takes an RFC 3339 instant as is", () => {
    expect(tokenExpiry("2027-01-01T00:00:00+01:00", now)).toBe("2026-12-31T23:00:00.000Z");
  });

  it("refuses anything else, and an instant that has passed", () => {
    for (const bad of ["90", "0d", "-1d", "3w", "2027-01-01", "2027-02-30T00:00:00Z", "soon"])
      expect(() => tokenExpiry(bad, now), bad).toThrow(/expected Nd, Nh/);
    expect(() => tokenExpiry("2026-11-30T00:00:00Z", now)).toThrow(/not in the future/);
  });
});
