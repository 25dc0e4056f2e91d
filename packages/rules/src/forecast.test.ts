import { defaultPolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import { forecastFunctions } from "./forecast.ts";
import { addWeeks } from "./math/dates.ts";
import type { OrganisationMetrics } from "./metrics.ts";
import { CURRENT_WEEK, EVALUATED_AT, evaluate, organisation, ramp } from "./testing/builders.ts";

const rising = organisation({
  headcount: 300,
  generalists: 3,
  loadFte: { payroll: ramp(0.2, 0.6), benefits: 0.9 },
});

/** The same organisation with a week in progress appended: a few tickets so far, as on a Monday morning. */
function withWeekInProgress(metrics: OrganisationMetrics): OrganisationMetrics {
  const inProgress = addWeeks(CURRENT_WEEK, 1);
  const last = metrics.headcount.at(-1)!;
  return {
    ...metrics,
    headcount: [...metrics.headcount, { ...last, weekStart: inProgress, hires: 0, terminations: 0 }],
    functionLoad: [
      ...metrics.functionLoad,
      ...metrics.functionLoad
        .filter((w) => w.weekStart === CURRENT_WEEK)
        .map((w) => ({ ...w, weekStart: inProgress, handlingMinutes: w.handlingMinutes / 20 })),
    ],
  };
}

describe("forecastFunctions", () => {
  it("names the load-forecast alert's crossing date and basis", () => {
    const alert = evaluate(rising).find((f) => f.hrFunction === "payroll" && f.ruleId === "load-forecast");
    const view = forecastFunctions({ metrics: rising, policy: defaultPolicy, evaluatedAt: EVALUATED_AT });
    const payroll = view.forecasts.find((f) => f.hrFunction === "payroll");
    expect(view.lastWeekStart).toBe(CURRENT_WEEK);
    expect(payroll).toMatchObject({
      projectedCrossing: alert?.evidence.projection?.expectedDate,
      weeksToCrossing: alert?.evidence.projection?.weeksAhead,
      basis: "load-trend",
      thresholdFte: 0.8,
    });
    // already over the threshold: a crossing of 0 weeks, this week
    expect(view.forecasts[0]).toMatchObject({ hrFunction: "benefits", weeksToCrossing: 0, basis: null });
  });

  it("ignores a week in progress in its input, on any day of that week", () => {
    const base = forecastFunctions({ metrics: rising, policy: defaultPolicy, evaluatedAt: EVALUATED_AT });
    const partial = withWeekInProgress(rising);
    const monday = addWeeks(CURRENT_WEEK, 1);
    for (const evaluatedAt of [`${monday}T06:00:00Z`, "2025-03-12T15:00:00Z", "2025-03-16T23:59:00Z"]) {
      expect(forecastFunctions({ metrics: partial, policy: defaultPolicy, evaluatedAt }), evaluatedAt).toEqual(base);
      expect(evaluate(partial, { evaluatedAt }), evaluatedAt).toEqual(evaluate(rising));
    }
  });
});
