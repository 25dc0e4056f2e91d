import { type ContentMode, decodeRecord, type EventFamily, encodeCloudEvent } from "@hr-radar/events";
import { defaultPolicy } from "@hr-radar/policy";
import { evaluateOrganisation, type Finding, recommendByFunction } from "@hr-radar/rules";
import { describe, expect, it } from "vitest";
import { addDays, localDate, mondayOf, weekdayOf } from "./calendar.ts";
import type { DemoEvent } from "./emit.ts";
import { type DemoFeed, generateDemoFeed } from "./feed.ts";
import { metricsFromFeed } from "./testing/metrics-from-feed.ts";

const AS_OF = new Date("2026-11-20T15:00:00Z");
const feed = generateDemoFeed({ asOf: AS_OF });
const WEEK_MS = 7 * 86_400_000;

const ofOrg = (events: readonly DemoEvent[], org: string, typeSuffix = "") =>
  events.filter((e) => e.data.organisationId === org && e.type.endsWith(typeSuffix));

describe("generateDemoFeed: reproducible", () => {
  it("gives the same feed, ids included, for the same seed and as-of date", () => {
    expect(generateDemoFeed({ asOf: AS_OF, seed: 1 })).toEqual(feed);
  });

  it("gives different data and ids for another seed, and never repeats an id", () => {
    const other = generateDemoFeed({ asOf: AS_OF, seed: 2 });
    const ids = (f: DemoFeed) => [...f.headcount, ...f.tickets].map((e) => `${e.source}|${e.id}`);
    expect(new Set(ids(feed)).size).toBe(ids(feed).length);
    const first = new Set(ids(feed));
    expect(ids(other).filter((id) => first.has(id))).toEqual([]);
    expect(other.tickets.length).not.toBe(feed.tickets.length);
  });

  it("rejects options it cannot honour", () => {
    expect(() => generateDemoFeed({ asOf: new Date("nope") })).toThrow(/asOf/);
    expect(() => generateDemoFeed({ asOf: AS_OF, weeks: 0 })).toThrow(/weeks/);
  });
});

describe("generateDemoFeed: the event contract", () => {
  const decode = (event: DemoEvent, family: EventFamily, mode: ContentMode) => {
    const record = encodeCloudEvent(event, event.data.organisationId, mode);
    return decodeRecord(
      {
        key: Buffer.from(record.key),
        value: Buffer.from(record.value),
        headers: record.headers,
        timestamp: String(AS_OF.getTime()),
      },
      { family, now: AS_OF, maxBytes: 256 * 1024 },
    );
  };

  it("every event decodes with the real contract, in structured and binary mode", () => {
    const failures: string[] = [];
    for (const [family, events] of [
      ["headcount", feed.headcount],
      ["tickets", feed.tickets],
    ] as const) {
      events.forEach((event, i) => {
        for (const mode of i % 10 === 0 ? (["structured", "binary"] as const) : (["structured"] as const)) {
          const result = decode(event, family, mode);
          if (!result.success)
            failures.push(
              `${event.type} ${event.id} (${mode}): ${result.error.code} ${result.error.path} ${result.error.message}`,
            );
        }
      });
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("dates nothing after the as-of instant, and stays a modest size", () => {
    const all = [...feed.headcount, ...feed.tickets];
    expect(all.filter((e) => Date.parse(e.time ?? "") > AS_OF.getTime())).toEqual([]);
    expect(all.length).toBeGreaterThan(5_000);
    expect(all.length).toBeLessThan(60_000);
  });

  it("exercises both ticket paths: per-ticket events and volume reports by day and by week", () => {
    const kinds = new Map(
      feed.organisations.map((o) => [
        o.id,
        new Set(ofOrg(feed.tickets, o.id).map((e) => `${e.type}/${e.data.granularity ?? "-"}`)),
      ]),
    );
    expect(kinds.get("demo-globex")).toEqual(
      new Set(["hrradar.ticket.opened.v1/-", "hrradar.ticket.escalated.v1/-", "hrradar.ticket.resolved.v1/-"]),
    );
    expect(kinds.get("demo-northwind")).toEqual(new Set(["hrradar.ticket.volume.v1/week"]));
    expect(kinds.get("demo-oakridge")).toEqual(new Set(["hrradar.ticket.volume.v1/day"]));
  });
});

describe("generateDemoFeed: realistic shape", () => {
  it("snapshots agree with the hires and terminations between them", () => {
    for (const { id } of feed.organisations) {
      const snapshots = ofOrg(feed.headcount, id, "snapshot.v1").map(
        (e) => e.data as unknown as { asOf: string; headcount: number; departments: { headcount: number }[] },
      );
      const moved = (type: string, field: string, from: string, to: string) =>
        ofOrg(feed.headcount, id, type).filter((e) => String(e.data[field]) > from && String(e.data[field]) <= to)
          .length;
      expect(snapshots).toHaveLength(27);
      for (let i = 1; i < snapshots.length; i++) {
        const [a, b] = [snapshots[i - 1]!, snapshots[i]!];
        expect(b.headcount - a.headcount).toBe(
          moved("hired.v1", "hiredOn", a.asOf, b.asOf) - moved("terminated.v1", "terminatedOn", a.asOf, b.asOf),
        );
        expect(b.departments.reduce((s, d) => s + d.headcount, 0)).toBe(b.headcount);
      }
    }
  });

  it("the startup hires more than a person a week, every month of the last two, and has about 30 people", () => {
    const hires = ofOrg(feed.headcount, "demo-rocket-labs", "hired.v1").map((e) => String(e.data.hiredOn));
    const lastWeek = mondayOf(localDate(AS_OF, "Europe/Berlin"));
    const inWeeks = (from: number, to: number) =>
      hires.filter((d) => d >= addDays(lastWeek, -7 * from) && d < addDays(lastWeek, -7 * to + 7)).length;
    expect(inWeeks(11, 0)).toBeGreaterThanOrEqual(13); // ~1.35 a week over the last 12 weeks
    for (let end = 0; end < 8; end++) expect(inWeeks(end + 3, end)).toBeGreaterThanOrEqual(4); // each trailing 4 weeks
    expect(inWeeks(25, 12)).toBeLessThanOrEqual(8); // before the round closed
    const last = ofOrg(feed.headcount, "demo-rocket-labs", "snapshot.v1").at(-1)!.data;
    expect(last.headcount).toBeGreaterThanOrEqual(26);
    expect(last.headcount).toBeLessThanOrEqual(38);
  });

  it("benefits questions peak in open enrolment, and Monday is the busiest day", () => {
    const peakFeed = generateDemoFeed({ asOf: new Date("2026-12-04T12:00:00Z") });
    const opened = ofOrg(peakFeed.tickets, "demo-globex", "opened.v1").map((e) => ({
      category: String(e.data.category),
      date: localDate(new Date(String(e.data.openedAt)), "America/New_York"),
    }));
    const benefits = opened.filter((t) => t.category === "Benefits & insurance");
    const perWeek = (from: string, to: string) =>
      benefits.filter((t) => t.date >= from && t.date < to).length / ((Date.parse(to) - Date.parse(from)) / WEEK_MS);
    const september = perWeek("2026-09-07", "2026-10-05");
    const enrolment = perWeek("2026-10-26", "2026-11-30");
    expect(enrolment / september).toBeGreaterThan(1.4);
    const byWeekday = Array.from({ length: 7 }, (_, d) => opened.filter((t) => weekdayOf(t.date) === d).length);
    expect(byWeekday[0]).toBeGreaterThan(byWeekday[4]!);
    expect(byWeekday[4]).toBeGreaterThan((10 * (byWeekday[5]! + byWeekday[6]!)) / 2);
  });

  it("escalations and handling minutes come where the HR work is deep", () => {
    const share = (org: string, category: string) => {
      const events = ofOrg(feed.tickets, org).filter((e) => e.data.category === category);
      return (
        events.filter((e) => e.type.endsWith("escalated.v1")).length /
        events.filter((e) => e.type.endsWith("opened.v1")).length
      );
    };
    expect(share("demo-steelworks", "Safety incident / near miss")).toBeGreaterThan(0.3);
    expect(share("demo-steelworks", "Timeclock & overtime pay")).toBeLessThan(0.1);
    const minutes = ofOrg(feed.tickets, "demo-globex", "resolved.v1")
      .filter((e) => e.data.category === "Workplace concerns")
      .map((e) => Number(e.data.handlingMinutes));
    const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
    expect(mean).toBeGreaterThan(75);
    expect(mean).toBeLessThan(115);
    // The startup's helpdesk does not track time: the rules fall back to default minutes.
    expect(
      ofOrg(feed.tickets, "demo-rocket-labs", "resolved.v1").every((e) => e.data.handlingMinutes === undefined),
    ).toBe(true);
  });
});

describe("generateDemoFeed: the expected alerts come out of the real rules", () => {
  // The analyzer runs on a schedule, so open alerts are held through a holiday lull;
  // replaying eight weekly evaluations up to as-of does the same in memory.
  const replay = (f: DemoFeed, asOf: Date, org: string): Finding[] => {
    let findings: Finding[] = [];
    for (let k = 8; k >= 0; k--) {
      const at = new Date(asOf.getTime() - k * WEEK_MS);
      const upTo = (e: DemoEvent) => Date.parse(e.time ?? "") <= at.getTime();
      findings = evaluateOrganisation({
        metrics: metricsFromFeed(org, f.headcount.filter(upTo), f.tickets.filter(upTo), at),
        policy: defaultPolicy,
        openAlerts: findings.map(({ hrFunction, ruleId, recommendation, severity }) => ({
          hrFunction,
          ruleId,
          recommendation,
          severity,
        })),
        evaluatedAt: at.toISOString(),
      });
    }
    return findings;
  };

  it.each(["2026-11-20T15:00:00Z", "2027-01-13T12:00:00Z"])(
    "as of %s: exactly each organisation's expected (function, recommendation)",
    (iso) => {
      const asOf = new Date(iso);
      const f = iso === AS_OF.toISOString() ? feed : generateDemoFeed({ asOf });
      for (const org of f.organisations) {
        const findings = replay(f, asOf, org.id);
        const got = new Set(findings.map((x) => `${x.hrFunction}:${x.recommendation}`));
        expect([...got].sort(), org.id).toEqual(org.expected.map((e) => `${e.hrFunction}:${e.recommendation}`).sort());
        // and one recommendation (one card) per function, however many rules back it
        const units = recommendByFunction(findings).map((u) => `${u.hrFunction}:${u.recommendation}`);
        expect(units.sort(), org.id).toEqual([...got].sort());
      }
    },
  );
});
