// One organisation's data never stops the trends of the others (issue 12, item 1): the two
// contract-valid triggers found, and the quarantine that sets an organisation aside when
// its re-derivation fails, against a real Postgres.
import { runAnalysis } from "@hr-radar/analyzer";
import {
  createTrendRefresher,
  functionLoadTrend,
  markTrendsStale,
  refreshFunctionLoadWeekly,
  refreshStaleTrends,
} from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { newOrganisationId } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";

const MONDAY = "2026-10-05";

async function openTicket(db: TestDatabase, org: string, id = "t1"): Promise<void> {
  await db.sql`insert into tickets (organisation_id, ticket_id, category, opened_at)
               values (${org}, ${id}, 'benefits', ${`${MONDAY}T09:00:00Z`})`;
}

async function profile(db: TestDatabase, org: string, timeZone: string): Promise<void> {
  await db.sql`insert into organisations (organisation_id, name, time_zone, profile_time)
               values (${org}, ${org}, ${timeZone}, now())
               on conflict (organisation_id) do update set time_zone = excluded.time_zone`;
}

const mark = (db: TestDatabase, org: string, from: string | null = `${MONDAY}T09:00:00Z`) =>
  db.client.db.transaction((tx) => markTrendsStale(tx, "function-load", [{ organisationId: org, from }]));

const opened = async (db: TestDatabase, org: string) => {
  const [row] = await db.sql`select coalesce(sum(tickets_opened), 0)::float8 as n
                             from function_load_weekly where organisation_id = ${org}`;
  return row!.n as number;
};

const quarantined = (db: TestDatabase) =>
  db.sql`select scope, organisation_id, error, attempts, failed_version::int as failed_version
         from trend_refresh_quarantine order by organisation_id`;

/** An organisation whose profile names a zone Postgres does not know (stored before ingest checked zones). */
async function poisonedByTimeZone(db: TestDatabase): Promise<string> {
  const org = `poisoned-${newOrganisationId()}`;
  await profile(db, org, "US/Pacific-New");
  await openTicket(db, org);
  await mark(db, org);
  return org;
}

describe("trend refresh isolation", () => {
  it("sums 220 contract-valid weekly volume reports of 10,000,000 each without overflowing", async () => {
    const db = await createTestDatabase();
    const [big, other] = [newOrganisationId(), newOrganisationId()];
    for (let i = 0; i < 220; i++) {
      await db.sql`insert into ticket_volume_reports (organisation_id, category, granularity, period_start,
                     opened, resolved, escalated, event_time)
                   values (${big}, ${`category-${i}`}, 'week', ${MONDAY}, 10000000, 0, 0, now())`;
    }
    await openTicket(db, other);
    await mark(db, big);
    await mark(db, other);

    // before the fix: `integer out of range`, and the pass (and every later one) failed whole
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 2 },
      deferred: 0,
    });
    expect(await opened(db, big)).toBe(2_200_000_000);
    expect(await opened(db, other)).toBe(1);
    expect(await quarantined(db)).toEqual([]);
    const [week] = await functionLoadTrend(db.client.db, { organisationId: big, grain: "month" });
    expect(week?.ticketsOpened).toBe(2_200_000_000);
  });

  it("quarantines an organisation whose time zone Postgres does not know; every other one stays current", async () => {
    const db = await createTestDatabase();
    const good = [newOrganisationId(), newOrganisationId(), newOrganisationId()];
    for (const org of good) {
      await openTicket(db, org);
      await mark(db, org);
    }
    const poisoned = await poisonedByTimeZone(db);
    const entered: string[] = [];

    // before the fix: the pass threw `time zone "US/Pacific-New" not recognized` and committed nothing
    const pass = await refreshStaleTrends(db.client.db, 100, {
      onQuarantined: (e) => void entered.push(`${e.organisationId} ${e.attempts}`),
    });
    expect(pass).toEqual({ refreshed: { headcount: 0, "function-load": 3 }, deferred: 1 });
    for (const org of good) expect(await opened(db, org)).toBe(1);
    expect(entered).toEqual([`${poisoned} 1`]);
    expect(await quarantined(db)).toEqual([
      {
        scope: "function-load",
        organisation_id: poisoned,
        error: 'time zone "US/Pacific-New" not recognized',
        attempts: 1,
        failed_version: 1,
      },
    ]);
    const [mark_] =
      await db.sql`select count(*)::int as n from trend_refresh_queue where organisation_id = ${poisoned}`;
    expect(mark_!.n).toBe(1);

    // Until its retry is due, later passes leave it alone: new facts of the others go through.
    await openTicket(db, good[0]!, "t2");
    await mark(db, good[0]!);
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 1 },
      deferred: 0,
    });
    expect(await opened(db, good[0]!)).toBe(2);

    // A due retry runs on its own and backs off further.
    await db.sql`update trend_refresh_quarantine set retry_at = now() - interval '1 second'`;
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 0 },
      deferred: 1,
    });
    const [retried] = await db.sql`select attempts, extract(epoch from retry_at - last_failed_at)::int as wait_s
                                   from trend_refresh_quarantine`;
    expect(retried).toEqual({ attempts: 2, wait_s: 60 });

    // A corrected profile marks it again with a newer version: retried at once, released.
    await profile(db, poisoned, "America/Los_Angeles");
    await mark(db, poisoned, null);
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 1 },
      deferred: 0,
    });
    expect(await opened(db, poisoned)).toBe(1);
    expect(await quarantined(db)).toEqual([]);
    const [left] = await db.sql`select count(*)::int as n from trend_refresh_queue`;
    expect(left!.n).toBe(0);
  });

  it("a retry after a failed batch re-derives from the mark as it stands, not as the batch read it", async () => {
    const db = await createTestDatabase();
    const poisoned = await poisonedByTimeZone(db);
    const good = newOrganisationId();
    await openTicket(db, good, "late-week");
    await db.sql`update tickets set opened_at = '2026-10-19T09:00:00Z' where organisation_id = ${good}`;
    await mark(db, good, "2026-10-19T09:00:00Z");

    // The batch fails on the poisoned organisation and is retried one by one. Before the good
    // one's turn, another refresher re-derives it and removes its mark, and ingest marks it
    // afresh (version 1 again) with a ticket two weeks earlier.
    const pass = await refreshStaleTrends(db.client.db, 100, {
      onQuarantined: async () => {
        await db.client.db.transaction(async (tx) => {
          await refreshFunctionLoadWeekly(tx, [{ organisationId: good, from: null }]);
          await tx.execute(sql`delete from trend_refresh_queue where organisation_id = ${good}`);
        });
        await openTicket(db, good, "early-week");
        await mark(db, good);
      },
    });
    expect(pass).toEqual({ refreshed: { headcount: 0, "function-load": 1 }, deferred: 1 });
    // before: the retry derived from 19 Oct (the stale read) and removed the fresh mark: 1
    expect(await opened(db, good)).toBe(2);
    const [left] = await db.sql`select count(*)::int as n from trend_refresh_queue where organisation_id = ${good}`;
    expect(left!.n).toBe(0);
    expect((await quarantined(db)).map((q) => q.organisation_id)).toEqual([poisoned]);
  });

  it("logs at error level once when an organisation enters quarantine, not on every pass", async () => {
    const db = await createTestDatabase();
    const poisoned = await poisonedByTimeZone(db);
    const good = newOrganisationId();
    const lines: { level: number; msg: string; organisationId?: string }[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const refresher = createTrendRefresher({ db: db.client.db, logger, batchSize: 10, idleMs: 10 });
    try {
      await eventually(async () => expect(await quarantined(db)).toHaveLength(1), 10_000, 20);
      // the refresher keeps passing (others' marks go through) while the organisation waits
      await openTicket(db, good);
      await mark(db, good);
      await eventually(async () => expect(await opened(db, good)).toBe(1), 10_000, 20);
    } finally {
      await refresher.stop();
    }
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ organisationId: poisoned, error: 'time zone "US/Pacific-New" not recognized' });
    expect(lines.filter((l) => l.level === 40)).toEqual([]);
  });

  it("the analyzer does not evaluate an organisation with quarantined trends: its alerts stay, the run says so", async () => {
    const db = await createTestDatabase();
    const [kept, stale] = [newOrganisationId(), newOrganisationId()];
    // 120-person manufacturers: regulated, so each needs safety and compliance specialists
    for (const org of [kept, stale]) {
      await db.sql`insert into organisations (organisation_id, name, industry, profile_time)
                   values (${org}, ${org}, 'manufacturing', now())`;
      await db.sql`insert into headcount_snapshots (organisation_id, as_of, headcount, event_time)
                   values (${org}, '2026-09-01', 120, now())`;
      await db.client.db.transaction((tx) =>
        markTrendsStale(tx, "headcount", [{ organisationId: org, from: "2026-09-01" }]),
      );
    }
    await refreshStaleTrends(db.client.db, 100);
    const lines: { level: number; msg: string; organisationId?: string }[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const analyse = () => runAnalysis({ db: db.client.db, logger, batchSize: 10 }, "2026-11-06T12:00:00Z");
    const openAlerts = async (org: string) =>
      (
        await db.sql`select rule_id, hr_function, updated_at::text from alerts
                    where organisation_id = ${org} and status <> 'resolved' order by 1, 2`
      ).map((r) => ({ ...r }));
    expect(await analyse()).toMatchObject({ organisations: 2, quarantined: 0 });
    const before = await openAlerts(stale);
    expect(before.length).toBeGreaterThan(0);

    // Its trends are set aside, and its facts now say something else (100 people fewer).
    await db.sql`insert into trend_refresh_quarantine (scope, organisation_id, error, first_failed_at, retry_at, failed_version)
                 values ('headcount', ${stale}, 'integer out of range', '2026-11-01T08:00:00Z', now() + interval '1 hour', 1)`;
    await db.sql`update headcount_daily set headcount = 20 where organisation_id = ${stale}`;
    const run = await analyse();
    expect(run).toMatchObject({ organisations: 1, skipped: 0, quarantined: 1 });
    expect(await openAlerts(stale)).toEqual(before);
    const [stored] = await db.sql`select quarantined from analyzer_runs where run_id = ${run.runId}`;
    expect(stored?.quarantined).toBe(1);
    const warned = lines.filter((l) => l.level === 40 && l.organisationId === stale);
    expect(warned.map((l) => l.msg)).toEqual([
      "trends not current since 2026-11-01T08:00:00.000Z: organisation not evaluated, its alerts stay as they were",
    ]);
    expect(lines.some((l) => l.organisationId === kept)).toBe(false);
  });
});
