import { type Analyzer, createAnalyzer, envSchema } from "@hr-radar/analyzer";
import { createApiToken, startApiServer } from "@hr-radar/api";
import { functionLoadTrend } from "@hr-radar/trends";
import pino from "pino";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { createTestDatabase } from "./support/database.ts";
import { hired, newOrganisationId, profile, snapshot, ticketVolume } from "./support/events.ts";
import { waitUntilConsumed } from "./support/eventually.ts";
import { sendEvents, suffix } from "./support/kafka.ts";
import { startIngestPipeline } from "./support/services.ts";

// The week in progress is never a week: ten complete weeks of helpdesk load, then a few
// tickets in the week in progress, analysed on its Monday morning, Wednesday afternoon
// and Sunday night (organisation-local, in a zone ahead of UTC). Every analysis must find
// what the first found, and the projections endpoint must name the alert's crossing date.

const mondays = (first: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(`${first}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );

// Pacific/Auckland is UTC+13 in November (NZDT): local Monday 06:00 is Sunday 17:00 UTC.
const WEEK_IN_PROGRESS = "2026-11-09";
const ANALYSES = {
  "Monday 06:00": "2026-11-08T17:00:00Z",
  "Wednesday 15:00": "2026-11-11T02:00:00Z",
  "Sunday 23:59": "2026-11-15T10:59:00Z",
};
/** Minutes of handling that make `fte` at the default capacity (30 h x 0.85 occupancy a week). */
const minutesFor = (fte: number) => Math.round(fte * 25.5 * 60);

describe("complete weeks", () => {
  it("gives the same findings on any day of the week in progress, and the projections name the alert's date", async () => {
    const db = await createTestDatabase();
    const { producer, headcountTopic, ticketsTopic } = await startIngestPipeline(db.client);
    const env = envSchema.parse({
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
    });
    const analyzer: Analyzer = await createAnalyzer(env, pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }));
    onTestFinished(() => analyzer.close());

    // 150 people, two generalists; benefits steady at 1.2 FTE, payroll rising 0.3 -> 0.66 FTE
    const org = newOrganisationId();
    await sendEvents(producer, headcountTopic, [
      profile(org, {
        name: "Kiwi Freight",
        timeZone: "Pacific/Auckland",
        helpdeskCategories: { "benefits-questions": "benefits", "payroll-questions": "payroll" },
      }),
      snapshot(org, "2026-08-31", 150),
      hired(org, "hr-1", "2026-08-31", { hrRole: "generalist" }),
      hired(org, "hr-2", "2026-08-31", { hrRole: "generalist" }),
    ]);
    const weeks = mondays("2026-08-31", 10);
    const volume = [
      ...weeks.flatMap((week, i) => [
        ticketVolume(org, "benefits-questions", week, { opened: 40, resolved: 40, handlingMinutes: minutesFor(1.2) }),
        ticketVolume(org, "payroll-questions", week, {
          opened: 20,
          resolved: 20,
          handlingMinutes: minutesFor(0.3 + 0.04 * i),
        }),
      ]),
      // the week in progress so far: a Monday's worth, which as a week would read as a collapse
      ticketVolume(org, "benefits-questions", WEEK_IN_PROGRESS, { opened: 3, resolved: 3, handlingMinutes: 90 }),
      ticketVolume(org, "payroll-questions", WEEK_IN_PROGRESS, { opened: 1, resolved: 1, handlingMinutes: 20 }),
    ];
    await sendEvents(producer, ticketsTopic, volume);
    await waitUntilConsumed(db, 4 + volume.length);

    const { token } = await createApiToken(db.client.db, { organisationId: org, name: "weeks-test" });
    const api = await startApiServer({
      databaseUrl: db.url,
      host: "127.0.0.1",
      port: 0,
      logger: pino({ level: "silent" }),
    });
    onTestFinished(() => api.close());
    const projectionsAt = async (at: string) => {
      const response = await fetch(`${api.url}/api/v1/organisations/${org}/projections?at=${at}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        asOf: string;
        projections: { hrFunction: string; projectedCrossing: string | null; weeksToCrossing: number | null }[];
      };
    };
    const findings = () => db.sql`
      select hr_function, rule_id, status, recommendation, severity, summary, evidence
      from alerts where organisation_id = ${org} order by hr_function, rule_id`;

    let first: Awaited<ReturnType<typeof findings>> | null = null;
    for (const [when, at] of Object.entries(ANALYSES)) {
      const summary = await analyzer.analyse(at);
      expect(summary, when).toMatchObject({ organisations: 1, skipped: 0 });
      const now = await findings();
      if (first === null) {
        first = now;
        expect(summary.raised, when).toBeGreaterThanOrEqual(2);
      } else {
        expect(summary, when).toMatchObject({ raised: 0, resolved: 0, changed: 0 });
        expect(now, when).toEqual(first);
      }

      const benefits = now.find((a) => a.hr_function === "benefits" && a.rule_id === "sustained-load");
      const evidence = benefits?.evidence as {
        window: { end: string; weeks: number };
        latest: number;
        sustain: { weeksBeyondRaise: number };
      };
      // the window ends at the last complete week; the Monday's trickle is not "latest"
      expect(evidence.window.end, when).toBe("2026-11-02");
      expect(evidence.latest, when).toBeCloseTo(1.2, 2);
      expect(evidence.sustain.weeksBeyondRaise, when).toBe(8);
      expect(benefits?.summary, when).toMatch(/reached in 8 of 8 weeks/);

      // the projections endpoint names the forecast alert's week, on every day of the week
      const forecast = now.find((a) => a.hr_function === "payroll" && a.rule_id === "load-forecast");
      expect(forecast, when).toBeDefined();
      const expected = (forecast!.evidence as { projection: { expectedDate: string; weeksAhead: number } }).projection;
      const projections = await projectionsAt(at);
      expect(projections.asOf, when).toBe("2026-11-02");
      expect(
        projections.projections.find((p) => p.hrFunction === "payroll"),
        when,
      ).toMatchObject({
        projectedCrossing: expected.expectedDate,
        weeksToCrossing: expected.weeksAhead,
      });
    }

    // the trend read marks the week in progress as partial, and only it
    const rows = await functionLoadTrend(db.client.db, {
      organisationId: org,
      grain: "week",
      hrFunction: "benefits",
      asOf: ANALYSES["Wednesday 15:00"],
    });
    expect(rows.filter((r) => !r.complete).map((r) => r.periodStart)).toEqual([WEEK_IN_PROGRESS]);
    expect(rows.filter((r) => r.complete)).toHaveLength(weeks.length);
  });
});
