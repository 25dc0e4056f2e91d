import { describe, expect, it } from "vitest";
import { canonicalTimeZone, timeZoneSchema } from "./primitives.ts";

describe("timeZoneSchema", () => {
  it("stores the canonical name of an alias, so Postgres knows the zone the trends are derived in", () => {
    expect(timeZoneSchema.parse("US/Pacific-New")).toBe("America/Los_Angeles");
    expect(timeZoneSchema.parse("US/Pacific")).toBe("America/Los_Angeles");
    expect(timeZoneSchema.parse("utc")).toBe("UTC");
    expect(timeZoneSchema.parse("europe/berlin")).toBe("Europe/Berlin");
    expect(timeZoneSchema.parse("Europe/Berlin")).toBe("Europe/Berlin");
    expect(timeZoneSchema.parse("America/Port-au-Prince")).toBe("America/Port-au-Prince");
    // POSIX-style names are IANA names too, and both sides read them alike
    expect(timeZoneSchema.parse("Etc/GMT+5")).toBe("Etc/GMT+5");
  });

  it("rejects offsets, which Intl and Postgres read with opposite signs", () => {
    for (const offset of ["+14:00", "-05:00", "+0530", "14:00", "Z"]) {
      const result = timeZoneSchema.safeParse(offset);
      expect(result.success, offset).toBe(false);
    }
    expect(timeZoneSchema.safeParse("+14:00").error?.issues[0]?.message).toMatch(/not an offset/);
  });

  it("rejects names the runtime does not know", () => {
    const result = timeZoneSchema.safeParse("Mars/Olympus_Mons");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("unknown IANA time zone");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(canonicalTimeZone("+14:00")).toBeNull();
  });

  it("answers a name asked again as it did the first time (the answers are kept)", () => {
    for (let i = 0; i < 2; i++) {
      expect(canonicalTimeZone("US/Pacific")).toBe("America/Los_Angeles");
      expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
      expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    }
  });
});
