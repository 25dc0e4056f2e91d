import { expect } from "vitest";
import { details, type ScenarioResult } from "./report.ts";

/** Every check of a scenario exact; on failure the message carries its whole report. */
export function expectExact(result: ScenarioResult, minimumChecks: number): void {
  expect(result.checks.length, details([result])).toBeGreaterThanOrEqual(minimumChecks);
  expect(
    result.checks.filter((c) => !c.ok),
    details([result]),
  ).toEqual([]);
}
