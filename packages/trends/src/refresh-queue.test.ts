import { describe, expect, it } from "vitest";
import { type Mark, startsOf } from "./refresh-queue.ts";

const mark = (over: Partial<Mark>): Mark => ({
  scope: "function-load",
  organisation_id: "acme",
  from_day: "2026-10-05",
  from_iso: "2026-10-05T09:30:00.000000Z",
  everything: false,
  version: "1",
  ...over,
});

describe("startsOf", () => {
  it("takes each mark as the start of its organisation: the day for headcount, the instant for the weekly load", () => {
    const marks = [
      mark({ scope: "headcount", organisation_id: "a" }),
      mark({ scope: "function-load", organisation_id: "a" }),
      mark({ scope: "function-load", organisation_id: "b", everything: true }),
    ];
    expect(startsOf(marks, "headcount")).toEqual([{ organisationId: "a", from: "2026-10-05" }]);
    expect(startsOf(marks, "function-load")).toEqual([
      { organisationId: "a", from: "2026-10-05T09:30:00.000000Z" },
      { organisationId: "b", from: null },
    ]);
  });
});
