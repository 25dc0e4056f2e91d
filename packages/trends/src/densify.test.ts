import type { FunctionLoadWeek } from "@hr-radar/rules";
import { describe, expect, it } from "vitest";
import { densifyLoad, type RawHeadcountWeek, trimToData } from "./densify.ts";

const weeks = ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"];
const load = (weekStart: string, over: Partial<FunctionLoadWeek> = {}): FunctionLoadWeek => ({
  weekStart,
  bucket: "benefits",
  ticketsOpened: 3,
  ticketsResolved: 2,
  ticketsEscalated: 0,
  handlingMinutes: 60,
  resolvedWithoutMinutes: 0,
  backlogAtWeekEnd: 1,
  ...over,
});

describe("densifyLoad", () => {
  it("fills weeks after the last stored one with no activity and the backlog carried forward", () => {
    const dense = densifyLoad(weeks, [load("2026-10-12", { backlogAtWeekEnd: 4 })], new Map());
    expect(dense.map((w) => [w.weekStart, w.ticketsOpened, w.backlogAtWeekEnd])).toEqual([
      ["2026-10-05", 0, 0],
      ["2026-10-12", 3, 4],
      ["2026-10-19", 0, 4],
      ["2026-10-26", 0, 4],
    ]);
  });

  it("starts from the backlog a bucket carried into the window, even with no rows inside it", () => {
    const dense = densifyLoad(weeks, [], new Map([["payroll", 2]]));
    expect(dense.map((w) => [w.bucket, w.backlogAtWeekEnd])).toEqual(weeks.map(() => ["payroll", 2]));
  });
});

describe("trimToData", () => {
  const raw = (weekStart: string, headcount: number | null): RawHeadcountWeek => ({
    weekStart,
    headcount,
    hires: 0,
    terminations: 0,
    openRequisitions: null,
  });

  it("drops the weeks before the first fact instead of reading them as zero", () => {
    const trimmed = trimToData(
      [raw(weeks[0]!, null), raw(weeks[1]!, null), raw(weeks[2]!, 150), raw(weeks[3]!, 151)],
      null,
    );
    expect(trimmed.map((w) => [w.weekStart, w.headcount])).toEqual([
      ["2026-10-19", 150],
      ["2026-10-26", 151],
    ]);
  });

  it("keeps load weeks that precede the first headcount, assuming the first known headcount", () => {
    const trimmed = trimToData(
      [raw(weeks[0]!, null), raw(weeks[1]!, null), raw(weeks[2]!, 150), raw(weeks[3]!, 150)],
      "2026-10-12",
    );
    expect(trimmed.map((w) => w.headcount)).toEqual([150, 150, 150]);
  });

  it("keeps only the current week when there is no data at all", () => {
    expect(
      trimToData(
        weeks.map((w) => raw(w, null)),
        null,
      ).map((w) => [w.weekStart, w.headcount]),
    ).toEqual([["2026-10-26", 0]]);
  });
});
