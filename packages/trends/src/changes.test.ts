import { describe, expect, it } from "vitest";
import { earliestPerOrganisation } from "./changes.ts";

describe("earliestPerOrganisation", () => {
  it("keeps each organisation's earliest point, comparing instants by time, not text", () => {
    const changes = [
      { organisationId: "a", from: "2026-10-05T10:00:00+02:00" },
      { organisationId: "a", from: "2026-10-05T09:30:00Z" },
      { organisationId: "b", from: "2026-10-07" },
      { organisationId: "b", from: "2026-10-06" },
    ];
    expect(earliestPerOrganisation(changes, Date.parse)).toEqual([
      { organisationId: "a", from: "2026-10-05T10:00:00+02:00" },
      { organisationId: "b", from: "2026-10-06" },
    ]);
  });

  it("lets a full rebuild (null) win whichever order it comes in", () => {
    const [first] = earliestPerOrganisation(
      [
        { organisationId: "a", from: "2026-10-05" },
        { organisationId: "a", from: null },
      ],
      Date.parse,
    );
    const [second] = earliestPerOrganisation(
      [
        { organisationId: "a", from: null },
        { organisationId: "a", from: "2026-10-05" },
      ],
      Date.parse,
    );
    expect(first?.from).toBeNull();
    expect(second?.from).toBeNull();
  });
});
