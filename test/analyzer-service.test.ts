import { describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "./support/database.ts";
import { suffix } from "./support/kafka.ts";
import { spawnService } from "./support/services.ts";

describe("analyzer service", () => {
  it("runs on its cron schedule and stops cleanly on SIGTERM", async () => {
    const db = await createTestDatabase();
    const analyzer = spawnService("analyzer", {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
      ANALYZER_CRON: "*/2 * * * * *",
      OUTBOX_POLL_MS: "200",
    });
    const scheduled = await analyzer.waitForLog((l) => l.msg === "analyzer scheduled");
    expect(scheduled.cron).toBe("*/2 * * * * *");
    await analyzer.waitForLog((l) => l.msg === "analysis finished", 15_000);
    const [runs] = await db.sql`select count(*)::int as n, bool_and(completed) as completed from analyzer_runs`;
    expect(runs?.n).toBeGreaterThanOrEqual(1);
    analyzer.signal("SIGTERM");
    expect(await analyzer.exited).toBe(0);
    expect(analyzer.logs.some((l) => l.msg === "stopped cleanly")).toBe(true);
  });

  it("runs once on demand as of a given time, printing what it did", async () => {
    const db = await createTestDatabase();
    const once = spawnService(
      "analyzer",
      { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: db.url, ALERTS_TOPIC: `staffing.alerts.${suffix()}` },
      ["run-once", "--at", "2026-11-06T12:00:00Z"],
    );
    expect(await once.exited).toBe(0);
    const summary = once.logs.find((l) => "runId" in l && "organisations" in l && !("msg" in l));
    expect(summary).toMatchObject({ organisations: 0, raised: 0 });
    const [run] = await db.sql`select evaluated_at, completed from analyzer_runs`;
    expect(run?.completed).toBe(true);
    expect(new Date(run?.evaluated_at).toISOString()).toBe("2026-11-06T12:00:00.000Z");
    expect(once.logs.some((l) => "staleOrganisations" in l)).toBe(false);
  });

  it("says so when the trends lag the facts, and analyses what is derived", async () => {
    const db = await createTestDatabase();
    // an organisation marked stale five minutes ago, as if no trend refresher were running
    await db.sql`insert into trend_refresh_queue (scope, organisation_id, from_instant, marked_at)
                 values ('headcount', 'org-behind', '2026-11-02T00:00:00Z', now() - interval '5 minutes')`;
    const once = spawnService(
      "analyzer",
      { KAFKA_BROKERS: inject("kafkaBrokers"), DATABASE_URL: db.url, ALERTS_TOPIC: `staffing.alerts.${suffix()}` },
      ["run-once", "--at", "2026-11-06T12:00:00Z"],
    );
    expect(await once.exited).toBe(0);
    const warning = once.logs.find((l) => "staleOrganisations" in l);
    expect(warning).toMatchObject({ level: 40, staleOrganisations: 1 });
    expect(Number(warning?.lagSeconds)).toBeGreaterThanOrEqual(299);
    expect(String(warning?.msg)).toMatch(/trends lag the facts: 1 stale trend set \(/);
    const [run] = await db.sql`select completed from analyzer_runs`;
    expect(run?.completed).toBe(true);
  });
});
