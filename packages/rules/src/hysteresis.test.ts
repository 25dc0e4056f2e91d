import { defaultPolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import type { Finding } from "./findings.ts";
import type { OpenAlert } from "./metrics.ts";
import { asOfWeek, evaluate, openAlertsFrom, organisation } from "./testing/builders.ts";

// A benefits load that wobbles around the 0.8 FTE raise threshold, evaluated week by
// week the way the analyzer runs it: each evaluation gets the alerts the previous
// one left open. Naive thresholding would raise and clear an alert every other week.
const phases = [
  { until: 26, load: (w: number) => (w % 2 === 0 ? 0.85 : 0.7) }, // wobble: 4 of 8 weeks above
  { until: 34, load: () => 0.9 }, // sustained: raises once 6 of 8 are above
  { until: 50, load: (w: number) => (w % 2 === 0 ? 0.85 : 0.65) }, // wobble between the thresholds: held
  { until: 58, load: () => 0.4 }, // below 0.6: clears after 4 consecutive weeks
];
const benefitsLoad = (week: number): number => (phases.find((p) => week < p.until) ?? phases[0])!.load(week);
const history = organisation({
  headcount: 300,
  generalists: 3,
  weeks: 58,
  loadFte: { benefits: benefitsLoad, hr_operations: 0.3 },
});
const firstEvaluatedWeek = defaultPolicy.windows.lookbackWeeks - 1;

interface Step {
  week: number;
  load: number;
  benefits: Finding | undefined;
  all: Finding[];
}

function simulate(): Step[] {
  const steps: Step[] = [];
  let open: OpenAlert[] = [];
  for (let week = firstEvaluatedWeek; week < 58; week++) {
    const { metrics, evaluatedAt } = asOfWeek(history, week);
    const all = evaluate(metrics, { openAlerts: open, evaluatedAt });
    steps.push({
      week,
      load: benefitsLoad(week),
      benefits: all.find((f) => f.hrFunction === "benefits" && f.ruleId === "sustained-load"),
      all,
    });
    open = openAlertsFrom(all);
  }
  return steps;
}

describe("a load oscillating around the threshold raises one alert, not many", () => {
  const steps = simulate();
  const active = steps.map((s) => s.benefits !== undefined);
  const raises = active.filter((on, i) => on && !(active[i - 1] ?? false)).length;

  it("would flap under naive thresholding", () => {
    const naiveRaises = steps.filter((s, i) => s.load >= 0.8 && (steps[i - 1]?.load ?? 0) < 0.8).length;
    expect(naiveRaises).toBeGreaterThanOrEqual(8);
  });

  it("raises once, when the load has been above the threshold in 6 of the last 8 weeks", () => {
    expect(raises).toBe(1);
    const raisedAt = steps.find((s) => s.benefits !== undefined);
    // Weeks 22 and 24 (wobble) plus 26-29 (sustained) make six: week 29.
    expect(raisedAt?.week).toBe(29);
    expect(raisedAt?.benefits?.status).toBe("raised");
    expect(steps.filter((s) => s.week < 29).every((s) => s.benefits === undefined)).toBe(true);
  });

  it("holds the open alert while the load wobbles between the clear and raise thresholds", () => {
    const wobble = steps.filter((s) => s.week >= 40 && s.week < 50);
    expect(wobble.every((s) => s.benefits?.status === "held")).toBe(true);
    expect(wobble[0]?.benefits?.summary).toContain("alert held open until below 0.6 FTE for 4 consecutive weeks");
  });

  it("clears only after 4 consecutive weeks below the lower clear threshold", () => {
    const byWeek = new Map(steps.map((s) => [s.week, s.benefits]));
    expect(byWeek.get(52)?.status).toBe("held"); // 3 weeks below 0.6
    expect(byWeek.get(53)).toBeUndefined(); // the 4th: cleared, so the analyzer resolves it
    expect(steps.filter((s) => s.week >= 53).every((s) => s.benefits === undefined)).toBe(true);
  });

  it("does not make any other alert flap either", () => {
    const identities = new Set(steps.flatMap((s) => s.all.map((f) => `${f.hrFunction} ${f.ruleId}`)));
    for (const identity of identities) {
      const on = steps.map((s) => s.all.some((f) => `${f.hrFunction} ${f.ruleId}` === identity));
      expect(on.filter((x, i) => x && !(on[i - 1] ?? false)).length, identity).toBe(1);
    }
  });
});
