import { describe, expect, it } from "vitest";
import { render, rfc3339Times } from "./output.ts";

describe("rfc3339Times", () => {
  it("turns Postgres' timestamptz text into RFC 3339, nested too, and leaves other text alone", () => {
    expect(
      rfc3339Times({
        openedAt: "2026-10-06 08:58:27.422+00",
        at: "2026-10-06 10:58:27+02",
        reasons: [{ since: "2026-10-06 08:58:27.4+00:00" }],
        day: "2026-10-06",
        name: "Acme",
      }),
    ).toEqual({
      openedAt: "2026-10-06T08:58:27.422Z",
      at: "2026-10-06T08:58:27.000Z",
      reasons: [{ since: "2026-10-06T08:58:27.400Z" }],
      day: "2026-10-06",
      name: "Acme",
    });
  });

  it("applies to JSON and CSV output", () => {
    const rows = [{ id: 1, createdAt: "2026-10-06 08:58:27.422+00" }];
    expect(JSON.parse(render(rows, [], "json"))).toEqual([{ id: 1, createdAt: "2026-10-06T08:58:27.422Z" }]);
    expect(render(rows, [], "csv")).toBe("id,createdAt\r\n1,2026-10-06T08:58:27.422Z\r\n");
  });
});
