import { describe, expect, it } from "vitest";
import { toRfc3339 } from "./instants.ts";

describe("toRfc3339", () => {
  it("turns Postgres timestamptz text into RFC 3339 UTC", () => {
    expect(toRfc3339("2026-10-06 08:58:27.422+00")).toBe("2026-10-06T08:58:27.422Z");
    expect(toRfc3339("2026-10-06 08:58:27+05:30")).toBe("2026-10-06T03:28:27.000Z");
    expect(toRfc3339("2026-10-06 10:58:27.5-02")).toBe("2026-10-06T12:58:27.500Z");
    expect(toRfc3339("2026-10-06T08:58:27Z")).toBe("2026-10-06T08:58:27.000Z");
    expect(toRfc3339(null)).toBeNull();
  });
  it("refuses what is no instant", () => {
    expect(() => toRfc3339("yesterday")).toThrow(RangeError);
  });
});
