// The trend refresher against a real Postgres: marks written with the facts, re-derived and
// removed in one transaction, and what happens when a refresh meets an ingest transaction,
// another refresher, or a failure.
import {
  createTrendRefresher,
  markTrendsStale,
  refreshFunctionLoadWeekly,
  refreshHeadcountTrends,
  refreshStaleTrends,
  type TrendRefreshMetrics,
  trendLockKey,
  trendStaleness,
} from "@hr-radar/trends";
import { sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { newOrganisationId } from "./support/events.ts";
import { eventually } from "./support/eventually.ts";

/** Tickets opened on 5 Oct 2026 (a Monday) straight into the facts, as the ingest writes them. */
async function openTickets(db: TestDatabase, org: string, count: number, day = "2026-10-05"): Promise<void> {
  for (let i = 0; i < count; i++) {
    await db.sql`insert into tickets (organisation_id, ticket_id, category, opened_at)
                 values (${org}, ${`${day}-${i}`}, 'benefits', ${`${day}T09:00:00Z`})`;
  }
}

const opened = async (db: TestDatabase, org: string) => {
  const [row] =
    await db.sql`select coalesce(sum(tickets_opened), 0)::int as n from function_load_weekly where organisation_id = ${org}`;
  return row!.n as number;
};

const marks = async (db: TestDatabase, org: string) =>
  db.sql`select scope, to_char(from_instant at time zone 'UTC', 'YYYY-MM-DD') as from_day, everything, version::int
         from trend_refresh_queue where organisation_id = ${org} order by scope`;

const mark = (
  db: TestDatabase,
  org: string,
  from: string | null,
  scope: "function-load" | "headcount" = "function-load",
) => db.client.db.transaction((tx) => markTrendsStale(tx, scope, [{ organisationId: org, from }]));

describe("trend refresh queue", () => {
  it("keeps one mark per organisation and scope at the earliest point, and re-derives and removes it in one pass", async () => {
    const db = await createTestDatabase();
    const org = newOrganisationId();
    await openTickets(db, org, 3);
    await mark(db, org, "2026-10-07T10:00:00Z");
    await mark(db, org, "2026-10-05T09:00:00Z");
    await mark(db, org, "2026-10-12T09:00:00Z");
    await mark(db, org, "2026-10-05", "headcount");
    expect(await marks(db, org)).toEqual([
      { scope: "function-load", from_day: "2026-10-05", everything: false, version: 3 },
      { scope: "headcount", from_day: "2026-10-05", everything: false, version: 1 },
    ]);
    expect(await opened(db, org)).toBe(0);

    const pass = await refreshStaleTrends(db.client.db, 100);
    expect(pass).toEqual({ refreshed: { headcount: 1, "function-load": 1 }, deferred: 0 });
    expect(await opened(db, org)).toBe(3);
    expect(await marks(db, org)).toEqual([]);
    expect(await trendStaleness(db.client.db)).toEqual({ pending: 0, oldestSeconds: 0 });
  });

  it("a whole-series mark (a new category mapping) wins over any date", async () => {
    const db = await createTestDatabase();
    const org = newOrganisationId();
    await mark(db, org, "2026-10-05T09:00:00Z");
    await mark(db, org, null);
    await mark(db, org, "2026-09-01T09:00:00Z");
    expect(await marks(db, org)).toEqual([
      { scope: "function-load", from_day: "2026-09-01", everything: true, version: 3 },
    ]);
  });

  it("never waits on an ingest transaction: a mark being updated stays for the next pass", async () => {
    const db = await createTestDatabase();
    const org = newOrganisationId();
    await openTickets(db, org, 2);
    await mark(db, org, "2026-10-05T09:00:00Z");

    // An ingest chunk with new facts for the organisation, not yet committed while the refresh runs.
    const ingest = db.sql.reserve();
    const conn = await ingest;
    await conn`begin`;
    await conn`insert into tickets (organisation_id, ticket_id, category, opened_at) values (${org}, 'late', 'benefits', '2026-10-06T09:00:00Z')`;
    await conn`update trend_refresh_queue set version = version + 1 where organisation_id = ${org}`;

    const pass = await refreshStaleTrends(db.client.db, 100);
    expect(pass).toEqual({ refreshed: { headcount: 0, "function-load": 1 }, deferred: 1 });
    expect(await opened(db, org)).toBe(2);

    await conn`commit`;
    conn.release();
    expect(await marks(db, org)).toHaveLength(1);
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 1 },
      deferred: 0,
    });
    expect(await opened(db, org)).toBe(3);
    expect(await marks(db, org)).toEqual([]);
  });

  it("skips an organisation another refresher holds, and takes it once released", async () => {
    const db = await createTestDatabase();
    const [busy, free] = [newOrganisationId(), newOrganisationId()];
    await openTickets(db, busy, 1);
    await openTickets(db, free, 1);
    await mark(db, busy, "2026-10-05T09:00:00Z");
    await mark(db, free, "2026-10-05T09:00:00Z");

    const other = await db.sql.reserve();
    await other`begin`;
    await other`select pg_advisory_xact_lock(hashtextextended(${trendLockKey("function-load", busy)}, 0))`;
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 1 },
      deferred: 1,
    });
    expect([await opened(db, busy), await opened(db, free)]).toEqual([0, 1]);

    await other`commit`;
    other.release();
    expect(await refreshStaleTrends(db.client.db, 100)).toEqual({
      refreshed: { headcount: 0, "function-load": 1 },
      deferred: 0,
    });
    expect(await opened(db, busy)).toBe(1);
  });

  it("locks an organisation once, with the pass's try-lock: re-deriving takes no lock of its own", async () => {
    const db = await createTestDatabase();
    const org = newOrganisationId();
    await openTickets(db, org, 2);

    // Another session holds both of the organisation's trend locks. A derivation that took
    // them again, blocking, would wait for it and fail on the lock timeout.
    const other = await db.sql.reserve();
    await other`begin`;
    for (const scope of ["headcount", "function-load"] as const)
      await other`select pg_advisory_xact_lock(hashtextextended(${trendLockKey(scope, org)}, 0))`;
    try {
      await db.client.db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '2s'`);
        await refreshHeadcountTrends(tx, [{ organisationId: org, from: null }]);
        await refreshFunctionLoadWeekly(tx, [{ organisationId: org, from: null }]);
      });
      expect(await opened(db, org)).toBe(2);
    } finally {
      await other`rollback`;
      other.release();
    }
  });

  it("a failed refresh rolls back whole and keeps the marks; the refresher retries until it succeeds", async () => {
    const db = await createTestDatabase();
    const org = newOrganisationId();
    await openTickets(db, org, 1);
    await mark(db, org, "2026-10-05T09:00:00Z");
    expect((await refreshStaleTrends(db.client.db, 100)).refreshed["function-load"]).toBe(1);
    await openTickets(db, org, 2, "2026-10-12");
    await mark(db, org, "2026-10-12T09:00:00Z");

    // The database refuses the new rows (as it would if it went away mid-pass).
    await db.sql.unsafe(`
      create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$;
      create trigger refuse before insert on function_load_weekly for each row execute function refuse()`);
    // drizzle wraps the database's error; its cause is what Postgres said
    const refused = (e: unknown) => /refused for the test/.test(String((e as Error).cause ?? e));
    await expect(refreshStaleTrends(db.client.db, 100)).rejects.toSatisfy(refused);
    expect(await opened(db, org)).toBe(1);
    expect(await marks(db, org)).toHaveLength(1);

    let failures = 0;
    const metrics: TrendRefreshMetrics = { passDone: () => {}, passFailed: () => void failures++ };
    const refresher = createTrendRefresher({
      db: db.client.db,
      logger: pino({ level: "silent" }),
      batchSize: 10,
      idleMs: 20,
      metrics,
    });
    try {
      await eventually(() => expect(failures).toBeGreaterThanOrEqual(2), 10_000, 20);
      expect(await marks(db, org)).toHaveLength(1);
      await db.sql`drop trigger refuse on function_load_weekly`;
      await eventually(async () => expect(await marks(db, org)).toEqual([]), 10_000, 50);
      expect(await opened(db, org)).toBe(3);
    } finally {
      await refresher.stop();
    }
  });
});
