// Scenario 6: the analyzer under faults, with a webhook and the alerts topic as delivery
// channels, on a 2-second schedule. Its broker is its own (`alertsBroker`); the ingest
// services feed Postgres through another. Two waves of organisations arrive:
// 1. the first is analysed by a run that is SIGKILLed after its first batch committed; the
//    supervisor restarts the analyzer, which finishes the job;
// 2. the alerts broker is stopped (Kafka unavailable for delivery), then the second wave
//    arrives and is analysed and queued while it is down; the broker comes back.
// The webhook receiver is down from the start until at least an hour of simulated time
// after the broker outage began (retry timings scaled by 1/1000: the 5 s first retry and
// the 1 h cap become 5 ms and 3.6 s). At the end every alert change reached both channels
// exactly once by idempotency key.
import { createServer, type Server } from "node:http";
import {
  type CloudEvent,
  encodeCloudEvent,
  HEADCOUNT_EVENT_TYPES as H,
  type OutgoingRecord,
  TICKET_EVENT_TYPES as T,
} from "@hr-radar/events";
import type { Kafka } from "kafkajs";
import { freePort } from "../../support/infra.ts";
import { readRecords } from "../../support/kafka-admin.ts";
import {
  Cleanups,
  createScenarioTopics,
  type FaultInfra,
  type RestartableInfra,
  type ScenarioDatabase,
  scenarioKafka,
  scenarioResources,
  waitUntilTopicApplied,
} from "../../support/own-infra.ts";
import { spawnServiceProcess } from "../../support/service-process.ts";
import { warningsBetween, watchReadiness } from "../../support/service-watch.ts";
import { supervise } from "../../support/supervisor.ts";
import { sleep } from "../../support/wait.ts";
import { INGEST, ingestEnv } from "../ingest.ts";
import { sendRecords } from "../load.ts";
import { type Check, check, type ScenarioResult } from "../report.ts";

/** How big a run is. */
export interface AnalyzerSize {
  /** Organisations per wave; each must get exactly one alert. */
  organisationsPerWave: number;
  /** How long the alerts broker stays down. */
  brokerDownMs: number;
}

/** Simulated time runs this much faster than the defaults' (OUTBOX_RETRY_BASE_MS 5 s, OUTBOX_MAX_RETRY_MS 1 h). */
const TIME_SCALE = 1_000;
const SIMULATED_HOUR_MS = 3_600_000 / TIME_SCALE;
/** Time the analyzer gets to raise a wave once its trends are current: a few 2 s cron ticks. */
const ANALYSIS_AFTER_FACTS_MS = 10_000;
/** The webhook's signing secret (deliveries are signed; this scenario does not verify them). */
const WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export async function analyzerUnderFaults(
  infra: FaultInfra,
  alertsBroker: RestartableInfra,
  size: AnalyzerSize,
): Promise<ScenarioResult> {
  const started = performance.now();
  const cleanups = new Cleanups();
  try {
    const { db, kafka, topics, run } = await scenarioResources(
      infra,
      cleanups,
      { headcount: "faults.analyzer.hris", tickets: "faults.analyzer.tickets" },
      3,
    );
    const alertsKafka = scenarioKafka(alertsBroker.url);
    const alertsTopic = `faults.analyzer.alerts.${run}`;
    await createScenarioTopics(alertsKafka, [alertsTopic], 3, cleanups);
    const organisations = 2 * size.organisationsPerWave;

    // wave 1 is in Postgres before the analyzer starts, so its first run raises it all
    await ingestHeavyBenefitsLoad(infra, db, kafka, topics, 0, size.organisationsPerWave, cleanups);
    const receiver = idempotentReceiver(await freePort());
    cleanups.add(() => receiver.close());
    const opsPort = await freePort();
    const analyzer = supervise({
      name: "analyzer",
      readyWhen: (l) => l.msg === "analyzer scheduled",
      restartDelayMs: 500,
      env: () => ({
        KAFKA_BROKERS: alertsBroker.url,
        DATABASE_URL: db.url,
        ALERTS_TOPIC: alertsTopic,
        ALERT_WEBHOOKS: JSON.stringify([
          { name: "hr-ops", url: `${receiver.url}/hook`, format: "json", secret: WEBHOOK_SECRET },
        ]),
        // the receiver is on 127.0.0.1
        ALERT_WEBHOOKS_ALLOW_PRIVATE: "true",
        ANALYZER_CRON: "*/2 * * * * *",
        // one organisation per transaction: a run is many small commits, so a kill lands mid-run
        ANALYZER_BATCH_SIZE: "1",
        OUTBOX_POLL_MS: "100",
        OUTBOX_RETRY_BASE_MS: String(5_000 / TIME_SCALE),
        OUTBOX_MAX_RETRY_MS: String(SIMULATED_HOUR_MS),
        WEBHOOK_TIMEOUT_MS: "1000",
        OPS_PORT: String(opsPort),
      }),
    });
    cleanups.add(() => analyzer.stop());
    const readiness = watchReadiness(opsPort);
    cleanups.add(() => readiness.stop());

    // killed in the middle of the run that raises wave 1, right after its first commit
    const killed = analyzer.current();
    await killed.waitForLog((l) => l.msg === "batch evaluated" && Number(l.raised) > 0);
    killed.signal("SIGKILL");
    await killed.exited;
    const [afterKill] = await db.sql`select count(*)::int as n from alerts`;
    await analyzer.ready();

    // wave 2: analysed and queued while the alerts broker is down
    const downAt = Date.now();
    await alertsBroker.stop();
    await ingestHeavyBenefitsLoad(
      infra,
      db,
      kafka,
      topics,
      size.organisationsPerWave,
      size.organisationsPerWave,
      cleanups,
    );
    const wave2CurrentAt = Date.now();
    const raisedAll = async () => Number((await db.sql`select count(*)::int as n from alerts`)[0]?.n) === organisations;
    // analysis must not wait for the broker: all of wave 2 is raised while it is down. The
    // broker stays down until this wait ends; on a loaded machine wave 2's ingest alone can
    // outlast brokerDownMs, so the analyzer gets its runs after the facts are in, not before.
    const raisedDeadline = Math.max(downAt + size.brokerDownMs, wave2CurrentAt + ANALYSIS_AFTER_FACTS_MS);
    while (!(await raisedAll()) && Date.now() < raisedDeadline) await sleep(200);
    const [raisedWhileDown] = await db.sql`select count(*)::int as n from alerts`;
    await sleep(Math.max(0, downAt + size.brokerDownMs - Date.now()));
    const [queuedWhileDown] =
      await db.sql`select count(*)::int as n from alert_deliveries where channel = 'kafka' and delivered_at is null`;
    await alertsBroker.start();
    const brokerUpAt = Date.now();
    // the receiver comes back an hour (simulated) after the outage began at the earliest
    await sleep(Math.max(2_000, downAt + SIMULATED_HOUR_MS - Date.now()));
    await receiver.listen();
    const receiverUpAt = Date.now();

    const pending = async () =>
      Number((await db.sql`select count(*)::int as n from alert_deliveries where delivered_at is null`)[0]?.n);
    const deliveredDeadline = Date.now() + 150_000;
    while ((await pending()) > 0 && Date.now() < deliveredDeadline) await sleep(250);
    const deliveredAt = Date.now();
    const logs = analyzer.logs();
    const maxRssMb = analyzer.peakRssMb();
    const restarts = analyzer.exits.map(String);
    await analyzer.stop();

    const checks: Check[] = [];
    const [alerts] = await db.sql`
      select (select count(*) from alerts)::int as alerts,
             (select count(distinct organisation_id) from alerts)::int as organisations,
             (select count(*) from alert_history where change = 'raised')::int as raised,
             (select count(*) from alert_deliveries where channel = 'kafka')::int as kafka_rows,
             (select count(*) from alert_deliveries where channel = 'webhook:hr-ops')::int as webhook_rows,
             (select count(*) from alert_deliveries where delivered_at is null)::int as undelivered,
             (select max(attempts) from alert_deliveries where channel = 'webhook:hr-ops')::int as webhook_attempts,
             (select max(attempts) from alert_deliveries where channel = 'kafka')::int as kafka_attempts`;
    const committedAtKill = Number(afterKill?.n);
    check(
      checks,
      "analyzer killed mid-run (some, not all, of wave 1 committed)",
      1,
      committedAtKill > 0 && committedAtKill < size.organisationsPerWave ? 1 : 0,
    );
    check(checks, "alerts (one per organisation)", organisations, alerts?.alerts);
    check(checks, "organisations with an alert", organisations, alerts?.organisations);
    check(checks, "alert_history 'raised'", organisations, alerts?.raised);
    check(checks, "alerts raised while the alerts broker was down", organisations, raisedWhileDown?.n);
    check(checks, "outbox rows, alerts topic", organisations, alerts?.kafka_rows);
    check(checks, "outbox rows, webhook", organisations, alerts?.webhook_rows);
    check(checks, "outbox rows undelivered", 0, alerts?.undelivered);
    const outboxKeys = new Set(
      (
        await db.sql`select o.idempotency_key from alert_deliveries d join alert_outbox o using (outbox_id) where d.channel = 'webhook:hr-ops'`
      ).map((r) => String(r.idempotency_key)),
    );
    const receivedKeys = new Set(receiver.accepted.map((a) => a.key));
    check(checks, "webhook: distinct idempotency keys received", organisations, receivedKeys.size);
    check(checks, "webhook: outbox keys never received", 0, [...outboxKeys].filter((k) => !receivedKeys.has(k)).length);
    check(checks, "webhook: one key, different bodies", 0, receiver.conflicts());
    const published = await readRecords(alertsKafka, alertsTopic);
    const ids = published.map((m) => (JSON.parse(String(m.value)) as { id: string }).id);
    check(checks, "alerts topic: distinct CloudEvent ids", organisations, new Set(ids).size);
    check(checks, "alerts topic: ids not in the outbox", 0, ids.filter((id) => !outboxKeys.has(id)).length);

    const ready = readiness.transitions
      .map((t) => `${t.state} at ${((t.at - downAt) / 1000).toFixed(1)} s`)
      .join(" → ");
    return {
      scenario: "6. analyzer under faults",
      events: organisations * 14,
      records: organisations * 14,
      faults: {
        "SIGKILL mid-run": 1,
        "alerts broker stopped and restarted": 1,
        "webhook receiver down ≥ 1 simulated hour": 1,
      },
      checks,
      deadLetters: 0,
      maxRssMb,
      observations: [
        `wave 1 (${size.organisationsPerWave} organisations): the run raising it was killed with ${committedAtKill} of its alerts committed; exits seen by the supervisor: ${restarts.join(", ") || "none"}`,
        `wave 2 (${size.organisationsPerWave}): analysed while the alerts broker was down (its trends current ${((wave2CurrentAt - downAt) / 1000).toFixed(1)} s after the broker stopped); ${queuedWhileDown?.n} Kafka deliveries queued; broker down ${((brokerUpAt - downAt) / 1000).toFixed(1)} s`,
        `receiver down until ${((receiverUpAt - downAt) / 1000).toFixed(1)} s after the outage began (1 simulated hour = ${SIMULATED_HOUR_MS / 1000} s); everything delivered ${((deliveredAt - receiverUpAt) / 1000).toFixed(1)} s later`,
        `webhook: ${receiver.accepted.length} requests accepted, ${receiver.accepted.length - receivedKeys.size} repeats dropped by key; most attempts of one delivery: webhook ${alerts?.webhook_attempts}, Kafka ${alerts?.kafka_attempts}`,
        `alerts topic: ${published.length} records, ${new Set(ids).size} distinct ids`,
        `analyzer /readyz (relative to the outage start): ${ready || "no answer"}`,
        `analyzer warnings/errors during the outage: ${warningsBetween(logs, downAt, deliveredAt).slice(0, 4).join("; ") || "none"}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cleanups.run();
  }
}

/**
 * Per organisation: a profile, a 150-person snapshot, two HR generalists and ten weeks of
 * ~31 hours of benefits questions: one sustained-load alert each (see analyzer.test.ts).
 * The weeks end with the current one, because the scheduled analysis evaluates "now".
 */
async function ingestHeavyBenefitsLoad(
  infra: FaultInfra,
  db: ScenarioDatabase,
  kafka: Kafka,
  topics: { headcount: string; tickets: string },
  first: number,
  organisations: number,
  cleanups: Cleanups,
): Promise<void> {
  const week = 7 * 86_400_000;
  const today = new Date();
  const thisMonday =
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) -
    ((today.getUTCDay() + 6) % 7) * 86_400_000;
  const mondays = Array.from({ length: 10 }, (_, i) =>
    new Date(thisMonday - (9 - i) * week).toISOString().slice(0, 10),
  );
  const headcount: OutgoingRecord[] = [];
  const tickets: OutgoingRecord[] = [];
  for (let n = first; n < first + organisations; n++) {
    const org = `analyzer-org-${n}`;
    const e = (type: string, id: string, data: Record<string, unknown>): CloudEvent => ({
      specversion: "1.0",
      id: `${org}-${id}`,
      source: "urn:hr-radar-faults:analyzer",
      type,
      time: `${mondays[0]}T08:00:00Z`,
      data: { organisationId: org, ...data },
    });
    headcount.push(
      encodeCloudEvent(
        e(H.organisationProfile, "profile", {
          name: `Benefit Heavy ${n}`,
          industry: "technology",
          timeZone: "UTC",
          helpdeskCategories: { "benefits-questions": "benefits" },
        }),
        org,
      ),
      encodeCloudEvent(e(H.headcountSnapshot, "snapshot", { asOf: mondays[0], headcount: 150 }), org),
      encodeCloudEvent(
        e(H.employeeHired, "hr-1", { employeeId: "hr-1", hiredOn: mondays[0], hrRole: "generalist" }),
        org,
      ),
      encodeCloudEvent(
        e(H.employeeHired, "hr-2", { employeeId: "hr-2", hiredOn: mondays[0], hrRole: "generalist" }),
        org,
      ),
    );
    for (const monday of mondays) {
      tickets.push(
        encodeCloudEvent(
          e(T.ticketVolume, `volume-${monday}`, {
            category: "benefits-questions",
            granularity: "week",
            periodStart: monday,
            opened: 40,
            resolved: 40,
            handlingMinutes: 1840,
          }),
          org,
        ),
      );
    }
  }
  for (const family of ["headcount", "tickets"] as const) {
    // one group per topic across waves (the stored offsets count what is applied)
    const service = spawnServiceProcess(
      INGEST[family].service,
      ingestEnv(infra, db, family, topics[family], `faults-analyzer-${family}-${topics[family]}`),
    );
    cleanups.add(async () => {
      service.signal("SIGKILL");
      await service.exited;
    });
    await sendRecords(kafka, topics[family], family === "headcount" ? headcount : tickets);
    await waitUntilTopicApplied(kafka, db, topics[family]);
    service.signal("SIGTERM");
    await service.exited;
  }
}

/** A webhook receiver that honours Idempotency-Key; `listen()` brings it up (it starts down). */
function idempotentReceiver(port: number) {
  const accepted: { key: string; body: string }[] = [];
  const bodies = new Map<string, Set<string>>();
  let requests = 0;
  let server: Server | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests: () => requests,
    conflicts: () => [...bodies.values()].filter((b) => b.size > 1).length,
    async listen() {
      server = createServer(async (req, res) => {
        let body = "";
        for await (const chunk of req) body += chunk;
        requests++;
        const key = String(req.headers["idempotency-key"]);
        const seen = bodies.get(key) ?? new Set<string>();
        seen.add(body);
        bodies.set(key, seen);
        accepted.push({ key, body });
        res.writeHead(200).end("ok");
      });
      await new Promise<void>((done) => server!.listen(port, "127.0.0.1", done));
    },
    close: () => new Promise<void>((done) => (server ? server.close(() => done()) : done())),
  };
}
