import { runAnalysis } from "@hr-radar/analyzer";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { profile, snapshot } from "./support/events.ts";
import { waitUntilConsumed } from "./support/eventually.ts";
import { createTopic, sendEvents, suffix, testKafka, testProducer } from "./support/kafka.ts";
import { startIngest } from "./support/services.ts";

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const EVALUATED_AT = "2026-11-06T12:00:00Z";

/** Three 120-person manufacturers (regulated: each needs safety and compliance specialists). */
async function threeManufacturers(db: TestDatabase): Promise<string[]> {
  const kafka = testKafka();
  const topic = await createTopic(kafka, "hris.headcount");
  const producer = await testProducer(kafka);
  await startIngest({ family: "headcount", topic, groupId: `ingest-headcount-${suffix()}`, database: db.client });
  const run = suffix();
  const orgs = ["a", "b", "c"].map((letter) => `org-${letter}-${run}`);
  await sendEvents(
    producer,
    topic,
    orgs.flatMap((org) => [profile(org, { industry: "manufacturing" }), snapshot(org, "2026-09-01", 120)]),
  );
  await waitUntilConsumed(db, 6);
  return orgs;
}

const analyse = (db: TestDatabase, batchSize = 1) => runAnalysis({ db: db.client.db, logger, batchSize }, EVALUATED_AT);

const openAlerts = async (db: TestDatabase) => {
  const rows =
    await db.sql`select organisation_id, hr_function, rule_id from alerts where status = 'open' order by 1, 2, 3`;
  return rows.map((r) => `${r.organisation_id} ${r.hr_function} ${r.rule_id}`);
};

describe("analyzer concurrency and crashes", () => {
  it("skips an organisation another instance is evaluating, and two concurrent runs raise each alert once", async () => {
    const db = await createTestDatabase();
    const [a, b, c] = await threeManufacturers(db);

    // Another analyzer holds organisation b.
    const other = await db.sql.reserve();
    await other`select pg_advisory_lock(hashtextextended(${`hr-radar:analyze:${b}`}, 0))`;
    const partial = await analyse(db);
    expect(partial).toMatchObject({ organisations: 2, skipped: 1 });
    const afterPartial = await openAlerts(db);
    expect(afterPartial.some((row) => row.startsWith(b!))).toBe(false);
    expect(afterPartial.some((row) => row.startsWith(a!))).toBe(true);
    await other`select pg_advisory_unlock_all()`;
    other.release();

    // Two instances at once: whatever the interleaving, every alert exists once.
    const [first, second] = await Promise.all([analyse(db), analyse(db)]);
    const alerts = await openAlerts(db);
    const perOrganisation = [a, b, c].map((org) =>
      alerts.filter((row) => row.startsWith(org!)).map((row) => row.split(" ").slice(1).join(" ")),
    );
    expect(perOrganisation[1]).toEqual(perOrganisation[0]);
    expect(perOrganisation[2]).toEqual(perOrganisation[0]);
    expect(perOrganisation[0]).toEqual(
      expect.arrayContaining(["compliance regulated-industry", "health_safety regulated-industry"]),
    );
    expect(partial.raised + first.raised + second.raised).toBe(alerts.length);
  });

  it("leaves no half-written batch when a run dies mid-way, and the next run completes the work", async () => {
    const db = await createTestDatabase();
    const [a, b, c] = await threeManufacturers(db);
    // The database refuses history rows for organisation b's alerts: its batch fails after
    // writing alert rows, as a crash between two statements would.
    await db.sql.unsafe(`
      create function refuse_b() returns trigger language plpgsql as $$
      begin
        if (select organisation_id from alerts where alert_id = new.alert_id) = '${b}' then
          raise exception 'simulated crash';
        end if;
        return new;
      end $$;
      create trigger refuse_b before insert on alert_history for each row execute function refuse_b();`);

    await expect(analyse(db)).rejects.toThrow();
    const [run] = await db.sql`select completed from analyzer_runs`;
    expect(run?.completed).toBe(false);
    const afterCrash = await openAlerts(db);
    expect(afterCrash.some((row) => row.startsWith(a!))).toBe(true);
    expect(afterCrash.some((row) => row.startsWith(b!) || row.startsWith(c!))).toBe(false);
    const [orphans] =
      await db.sql`select count(*)::int as n from alerts al where not exists (select 1 from alert_history h where h.alert_id = al.alert_id)`;
    expect(orphans?.n).toBe(0);

    await db.sql.unsafe("drop trigger refuse_b on alert_history");
    const recovery = await analyse(db);
    expect(recovery.organisations).toBe(3);
    const alerts = await openAlerts(db);
    const countFor = (org: string) => alerts.filter((row) => row.startsWith(org)).length;
    expect(countFor(b!)).toBe(countFor(a!));
    expect(countFor(c!)).toBe(countFor(a!));
    const [history] = await db.sql`select count(*)::int as n from alert_history where change = 'raised'`;
    expect(history?.n).toBe(alerts.length);
  });
});
