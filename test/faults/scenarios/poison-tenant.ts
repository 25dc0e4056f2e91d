// Scenario 7: one tenant's data must never stop another's trends (issue 12). 48
// organisations stream their HRIS and helpdesk history into both ingest services while,
// mid-stream, two more organisations turn poisonous:
// - `poison-tz`: its profile names `US/Pacific-New` (Intl knows it, Postgres does not). The
//   contract now stores the canonical name, so the scenario also writes the alias into its
//   stored profile, as ingest did before, so that its load cannot be derived;
// - `poison-sum`: 220 weekly volume reports of 10,000,000 tickets (its weekly sum overflowed
//   int4 before the counts became bigint: it must now be exact), plus a stored department
//   breakdown beyond what the headcount derivation takes (a value an older version or a
//   hand edit could leave), so that its headcount cannot be derived.
// The 48 must stay current throughout (trend lag bounded) with exact totals; the two are
// quarantined with their reasons (and /readyz, the gauge and one error log line say so);
// a corrected profile releases the time-zone one, whose totals are then exact too.
import {
  type CloudEvent,
  encodeCloudEvent,
  HEADCOUNT_EVENT_TYPES as H,
  TICKET_EVENT_TYPES as T,
} from "@hr-radar/events";
import type { Kafka, Message } from "kafkajs";
import { suffix, topicRecords } from "../../support/kafka-admin.ts";
import { Cleanups, type FaultInfra, type ScenarioDatabase, scenarioResources } from "../../support/own-infra.ts";
import { spawnServiceProcess } from "../../support/service-process.ts";
import { sleep } from "../../support/wait.ts";
import { deadLetterCount, INGEST, ingestEnv } from "../ingest.ts";
import { HISTORY_END, historyLoad, sendRecords } from "../load.ts";
import { type Check, check, type ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface PoisonTenantSize {
  /** Healthy organisations streaming (the issue: 48, plus the two poisoned). */
  organisations: number;
  weeks: number;
  /** Events per second of the live feed, per topic. */
  rate: number;
  /** The longest the healthy organisations' trends may lag the facts, in seconds. */
  lagBoundSeconds: number;
  seed: number;
}

const TZ = "poison-tz";
const SUM = "poison-sum";
const VOLUME_REPORTS = 220;
const VOLUME_OPENED = 10_000_000;
/** The poisoned organisations' own tickets and headcount, so their totals can be checked too. */
const TZ_TICKETS = 5;

export async function poisonTenant(infra: FaultInfra, size: PoisonTenantSize): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const { db, kafka, topics, run } = await scenarioResources(
      infra,
      cleanups,
      { headcount: "faults.poison.hris", tickets: "faults.poison.tickets" },
      3,
    );
    const load = historyLoad(size.seed, size.organisations, size.weeks);
    const services = (["headcount", "tickets"] as const).map((family) => {
      const service = spawnServiceProcess(
        INGEST[family].service,
        ingestEnv(infra, db, family, topics[family], `faults-poison-${family}-${run}`, {
          TREND_REFRESH_IDLE_MS: "100",
        }),
      );
      cleanups.add(async () => {
        service.signal("SIGKILL");
        await service.exited;
      });
      return service;
    });
    const opsUrl = String((await services[1]!.waitForLog((l) => l.msg === "ops endpoints listening")).url);
    await Promise.all(services.map((s) => s.waitForLog((l) => l.msg === "partitions assigned")));

    // The live feed, and a sampler of the healthy organisations' trend lag while it runs.
    const lag = sampleLag(db);
    const feed = Promise.all([
      sendRecords(kafka, topics.headcount, load.headcount.records, { batchSize: 200, ratePerSecond: size.rate }),
      sendRecords(kafka, topics.tickets, load.tickets.records, { batchSize: 200, ratePerSecond: size.rate }),
    ]);
    const feedSeconds = Math.max(load.headcount.records.length, load.tickets.records.length) / size.rate;
    await sleep((feedSeconds * 1000) / 2);

    // Mid-stream: the two poisoned organisations.
    const poisonedAt = Date.now();
    await sendRecords(kafka, topics.headcount, [
      event(H.organisationProfile, TZ, { name: "Poisoned by zone", timeZone: "US/Pacific-New" }),
      event(H.organisationProfile, SUM, { name: "Poisoned by sums", timeZone: "UTC" }),
      event(H.headcountSnapshot, SUM, { asOf: "2026-10-05", headcount: 40 }),
    ]);
    await until(async () => (await db.sql`select 1 from organisations where organisation_id = ${TZ}`).length === 1);
    const [stored] = await db.sql`select time_zone from organisations where organisation_id = ${TZ}`;
    const canonicalZone = String(stored?.time_zone);
    // as ingest stored it before zones were checked against what Postgres knows
    await db.sql`update organisations set time_zone = 'US/Pacific-New' where organisation_id = ${TZ}`;
    await until(
      async () => (await db.sql`select 1 from headcount_snapshots where organisation_id = ${SUM}`).length > 0,
    );
    await db.sql`update headcount_snapshots set departments = '[{"department": "Ops", "headcount": 3000000000}]'
                 where organisation_id = ${SUM}`;
    await sendRecords(kafka, topics.tickets, [
      ...Array.from({ length: TZ_TICKETS }, (_, i) =>
        event(T.ticketOpened, TZ, {
          ticketId: `tz-${i}`,
          category: "payroll",
          openedAt: `2026-10-0${5 + i}T09:00:00Z`,
        }),
      ),
      ...Array.from({ length: VOLUME_REPORTS }, (_, i) =>
        event(T.ticketVolume, SUM, {
          category: `category-${i}`,
          granularity: "week",
          periodStart: "2026-10-05",
          opened: VOLUME_OPENED,
          resolved: 0,
        }),
      ),
    ]);
    await sendRecords(kafka, topics.headcount, [
      event(H.employeeHired, SUM, { employeeId: "p1", hiredOn: "2026-10-06" }),
    ]);
    await feed;
    await settled(kafka, db, topics);
    const maxLag = await lag.stop();

    const checks: Check[] = [];
    const observations: string[] = [];
    // the 48: exact totals, current
    await healthyChecks(db, checks, load, size.organisations);
    check(
      checks,
      `healthy trend lag over ${size.lagBoundSeconds} s (max ${maxLag.toFixed(1)} s)`,
      0,
      maxLag > size.lagBoundSeconds ? 1 : 0,
    );
    // the two: quarantined, with their reasons
    const quarantine =
      await db.sql`select organisation_id, scope, error, attempts from trend_refresh_quarantine order by 1, 2`;
    observations.push(
      ...quarantine.map(
        (q) => `quarantined: ${q.organisation_id} (${q.scope}) after ${q.attempts} attempt(s): ${q.error}`,
      ),
    );
    check(checks, "quarantined organisation x scope", 2, quarantine.length);
    check(
      checks,
      `${TZ} function-load quarantined for its zone`,
      1,
      quarantine.filter(
        (q) => q.organisation_id === TZ && q.scope === "function-load" && /US\/Pacific-New/.test(String(q.error)),
      ).length,
    );
    check(
      checks,
      `${SUM} headcount quarantined for its breakdown`,
      1,
      quarantine.filter(
        (q) => q.organisation_id === SUM && q.scope === "headcount" && /out of range/.test(String(q.error)),
      ).length,
    );
    const sums = await loadOf(db, SUM);
    check(
      checks,
      `${SUM}: sum(tickets_opened), 220 x 10,000,000 (bigint)`,
      VOLUME_REPORTS * VOLUME_OPENED,
      sums.opened,
    );
    check(
      checks,
      `profile zone US/Pacific-New stored as ${canonicalZone}`,
      1,
      canonicalZone === "America/Los_Angeles" ? 1 : 0,
    );
    const entered = services
      .flatMap((s) => s.logs)
      .filter((l) => l.level === 50 && typeof l.organisationId === "string");
    check(checks, "error log lines on entering quarantine (once per organisation and scope)", 2, entered.length);
    const ready = await fetch(`${opsUrl}/readyz`);
    const body = (await ready.json()) as { checks: Record<string, { detail?: string }> };
    check(checks, "ingest /readyz status while two are quarantined", 200, ready.status);
    const detail = body.checks.trends?.detail ?? "";
    check(checks, "/readyz trends detail names both", 2, [TZ, SUM].filter((o) => detail.includes(o)).length);
    const gauge = await gaugeTotal(opsUrl, "hr_radar_trend_refresh_quarantined");
    check(checks, "hr_radar_trend_refresh_quarantined (sum over scopes)", 2, gauge);
    observations.push(`/readyz ${ready.status}: ${detail.slice(0, 300)}`);

    // a corrected profile releases the time-zone one: retried at once, its trends exact
    const correctedAt = Date.now();
    await sendRecords(kafka, topics.headcount, [
      event(H.organisationProfile, TZ, { name: "Poisoned by zone", timeZone: "America/Los_Angeles" }),
    ]);
    await until(
      async () => (await db.sql`select 1 from trend_refresh_quarantine where organisation_id = ${TZ}`).length === 0,
    );
    const releasedIn = (Date.now() - correctedAt) / 1000;
    await settled(kafka, db, topics);
    check(checks, `${TZ}: sum(tickets_opened) once released`, TZ_TICKETS, (await loadOf(db, TZ)).opened);
    const left = await db.sql`select organisation_id from trend_refresh_quarantine`;
    check(checks, "still quarantined after the correction", 1, left.length);
    observations.push(
      `live feed: ${load.headcount.records.length + load.tickets.records.length} records over ${feedSeconds.toFixed(0)} s; poisoned ${((poisonedAt - lag.startedAt) / 1000).toFixed(0)} s in`,
      `healthy organisations' trend lag: max ${maxLag.toFixed(1)} s (sampled every 250 ms, quarantined marks aside)`,
      `corrected profile released ${TZ} in ${releasedIn.toFixed(1)} s`,
    );
    const maxRssMb = Math.max(...services.map((s) => s.peakRssMb()));
    for (const s of services) s.signal("SIGTERM");
    await Promise.all(services.map((s) => s.exited));
    return {
      scenario: "7. poison tenant",
      events: load.headcount.totals.records + load.tickets.totals.records,
      records: (await topicRecords(kafka, topics.headcount)) + (await topicRecords(kafka, topics.tickets)),
      faults: { "poisoned organisation": 2, "corrected profile": 1 },
      checks,
      deadLetters: (await deadLetterCount(kafka, topics.headcount)) + (await deadLetterCount(kafka, topics.tickets)),
      maxRssMb,
      observations,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}

/** The healthy organisations' totals (org-NNNN), exactly as the synthetic history implies. */
async function healthyChecks(
  db: ScenarioDatabase,
  checks: Check[],
  load: ReturnType<typeof historyLoad>,
  organisations: number,
): Promise<void> {
  const [facts] = await db.sql`
    select (select count(*) from organisations where organisation_id like 'org-%')::int as organisations,
           (select sum(hires) from headcount_daily where organisation_id like 'org-%')::int as hires,
           (select sum(terminations) from headcount_daily where organisation_id like 'org-%')::int as terminations,
           (select sum(d.headcount) from headcount_daily d
              join (select organisation_id, max(day) as day from headcount_daily group by 1) l using (organisation_id, day)
              where organisation_id like 'org-%')::int as final_headcount,
           (select sum(tickets_opened) from function_load_weekly where organisation_id like 'org-%')::float8 as opened,
           (select sum(tickets_resolved) from function_load_weekly where organisation_id like 'org-%')::float8 as resolved,
           (select sum(tickets_escalated) from function_load_weekly where organisation_id like 'org-%')::float8 as escalated`;
  const [ledger] = await db.sql`
    select (select count(*) from ingested_events where source = 'urn:hr-radar-bench:hris')::int as headcount,
           (select count(*) from ingested_events where source = 'urn:hr-radar-bench:helpdesk')::int as tickets`;
  check(checks, "healthy: organisations", organisations, facts?.organisations);
  check(checks, "healthy: ingested_events rows (HRIS)", load.headcount.totals.records, ledger?.headcount);
  check(checks, "healthy: ingested_events rows (helpdesk)", load.tickets.totals.records, ledger?.tickets);
  check(checks, "healthy: sum(headcount_daily.hires)", load.headcount.totals.hires, facts?.hires);
  check(checks, "healthy: sum(headcount_daily.terminations)", load.headcount.totals.terminations, facts?.terminations);
  check(
    checks,
    "healthy: headcount on each org's last day",
    load.headcount.totals.finalHeadcount,
    facts?.final_headcount,
  );
  check(checks, "healthy: sum(function_load_weekly.tickets_opened)", load.tickets.totals.opened, facts?.opened);
  check(checks, "healthy: sum(function_load_weekly.tickets_resolved)", load.tickets.totals.resolved, facts?.resolved);
  check(
    checks,
    "healthy: sum(function_load_weekly.tickets_escalated)",
    load.tickets.totals.escalated,
    facts?.escalated,
  );
}

const loadOf = async (db: ScenarioDatabase, org: string) => {
  const [row] = await db.sql`select coalesce(sum(tickets_opened), 0)::float8 as opened
                             from function_load_weekly where organisation_id = ${org}`;
  return { opened: Number(row?.opened ?? 0) };
};

/** One event of the poisoned organisations, as their connector would send it. */
function event(type: string, organisationId: string, data: Record<string, unknown>): Message {
  const e: CloudEvent = {
    specversion: "1.0",
    id: `${organisationId}-${suffix()}`,
    source: "urn:hr-radar-faults:poison",
    type,
    time: new Date(Math.min(Date.now(), Date.parse(`${HISTORY_END}T00:00:00Z`) + 86_400_000 * 28)).toISOString(),
    data: { organisationId, ...data },
  };
  // a later profile must win: its event time moves on with the clock
  if (type === H.organisationProfile) e.time = new Date().toISOString();
  return encodeCloudEvent(e, organisationId);
}

/** Waits for `done` to hold, polling; fails after `timeoutMs`. */
async function until(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`poison-tenant: condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Sum of the offsets Postgres stores for a topic: how many of its records are applied. */
async function appliedRecords(db: ScenarioDatabase, topic: string): Promise<number> {
  const [row] =
    await db.sql`select coalesce(sum(next_offset), 0)::text as n from consumer_offsets where topic = ${topic}`;
  return Number(row?.n ?? 0);
}

/**
 * Every record applied and every mark not quarantined re-derived (the shared wait,
 * waitUntilApplied, waits for an empty queue, which a quarantined mark never leaves).
 */
async function settled(kafka: Kafka, db: ScenarioDatabase, topics: { headcount: string; tickets: string }) {
  for (const topic of Object.values(topics)) {
    const total = await topicRecords(kafka, topic);
    await until(async () => (await appliedRecords(db, topic)) === total, 180_000);
  }
  await until(async () => {
    const [row] = await db.sql`
      select count(*)::int as n from trend_refresh_queue m
      where not exists (select 1 from trend_refresh_quarantine q
                        where q.scope = m.scope and q.organisation_id = m.organisation_id)`;
    return row?.n === 0;
  }, 180_000);
}

/** Samples the age of the oldest mark that is not quarantined, as the lag gauge reads it. */
function sampleLag(db: ScenarioDatabase) {
  let max = 0;
  let running = true;
  const startedAt = Date.now();
  const loop = (async () => {
    while (running) {
      const [row] = await db.sql`
        select coalesce(extract(epoch from now() - min(m.marked_at)), 0)::float8 as s from trend_refresh_queue m
        where not exists (select 1 from trend_refresh_quarantine q
                          where q.scope = m.scope and q.organisation_id = m.organisation_id)`;
      max = Math.max(max, Number(row?.s ?? 0));
      await sleep(250);
    }
  })();
  return {
    startedAt,
    stop: async () => {
      running = false;
      await loop;
      return max;
    },
  };
}

/** The sum of a gauge's series on a service's /metrics. */
async function gaugeTotal(opsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}
