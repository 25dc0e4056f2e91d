import { createServer, type Server } from "node:http";
import {
  type Connection,
  type ConnectorDeps,
  connectorStore,
  kafkaEventSink,
  listConnections,
  loadConnection,
  type RunKind,
  type RunSummary,
  runConnection,
  type WebhookChange,
} from "@hr-radar/connectors";
import { connectDatabase } from "@hr-radar/db";
import {
  answerOps,
  createHealth,
  createKafka,
  createProducer,
  createRegistry,
  type Logger,
  type Ops,
} from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import cron, { type ScheduledTask } from "node-cron";
import { Counter } from "prom-client";
import type { Env } from "./env.ts";

import { sendProblem } from "./problem.ts";
import { handleWebhook } from "./webhooks.ts";

/** The connector service running in this process. */
export interface RunningConnect {
  /** Where webhooks are received: `${url}/hooks/<connection>`. */
  url: string;
  ops: Ops;
  /** Runs a pass of a connection now, after whatever is queued for it (as `connect sync` does). */
  runNow(connectionId: string, run: RunKind): Promise<RunSummary>;
  /** Finishes the passes in flight, then disconnects. */
  stop(): Promise<void>;
  /** Never settles: failed passes are logged and retried on the next schedule. */
  readonly failed: Promise<Error>;
}

interface Scheduled {
  fingerprint: string;
  tasks: ScheduledTask[];
}

/**
 * Per connection: a first sync when it first appears, reconciliation on its schedule
 * (node-cron, in its time zone), a daily headcount snapshot, and webhook-driven fetches,
 * one pass at a time per connection (a queue here, an advisory lock across processes).
 * Connections are re-read every CONNECT_RELOAD_MS, so `hr-radar connect add|remove`
 * takes effect without a restart.
 */
export async function startConnectService(env: Env, logger: Logger): Promise<RunningConnect> {
  const registry = createRegistry("connect");
  const runs = new Counter({
    name: "hr_radar_connector_runs_total",
    help: "Connector passes by vendor, kind (first-sync, reconcile, webhook, snapshot) and outcome",
    labelNames: ["vendor", "run", "outcome"] as const,
    registers: [registry],
  });
  const produced = new Counter({
    name: "hr_radar_connector_events_produced_total",
    help: "Events produced by the connectors, by vendor and CloudEvents type",
    labelNames: ["vendor", "type"] as const,
    registers: [registry],
  });
  const unmapped = new Counter({
    name: "hr_radar_connector_unmapped_values_total",
    help: "Values a connector's mapping could not place (reported in the log), by vendor and field",
    labelNames: ["vendor", "field"] as const,
    registers: [registry],
  });
  const received = new Counter({
    name: "hr_radar_connector_webhooks_total",
    help: "Webhook deliveries by vendor and outcome (accepted, bad_signature, stale_timestamp, ...)",
    labelNames: ["vendor", "outcome"] as const,
    registers: [registry],
  });

  // one session per running pass (its connection's advisory lock) plus two for their queries,
  // the reloads and readiness: passes beyond CONNECT_CONCURRENCY wait, so the lock sessions
  // can never take every connection of the pool and starve the passes' own queries
  const database = connectDatabase(env.DATABASE_URL, {
    max: env.CONNECT_CONCURRENCY + 2,
    applicationName: "hr-radar-connect",
  });
  const slots = limiter(env.CONNECT_CONCURRENCY);
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? "hr-radar-connect",
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  let producerUp = true;
  producer.on(producer.events.DISCONNECT, () => {
    producerUp = false;
  });
  producer.on(producer.events.CONNECT, () => {
    producerUp = true;
  });

  const failAfter = env.HR_RADAR_FAILPOINT ? Number(env.HR_RADAR_FAILPOINT.split("@")[1] ?? 1) : null;
  const deps: ConnectorDeps = {
    database,
    store: connectorStore(database.db, env.EMPLOYEE_KEY_SECRET),
    sink: kafkaEventSink(producer, { hris: env.HEADCOUNT_TOPIC, helpdesk: env.TICKETS_TOPIC }),
    employeeKeySecret: env.EMPLOYEE_KEY_SECRET,
    logger,
    http: { maxAttempts: env.CONNECT_HTTP_MAX_ATTEMPTS, maxDelayMs: env.CONNECT_HTTP_MAX_DELAY_MS },
    afterProduce: (n) => {
      if (failAfter !== null && n >= failAfter) {
        logger.warn(
          { failpoint: env.HR_RADAR_FAILPOINT },
          "failpoint: SIGKILL after produce, before the state is stored",
        );
        process.kill(process.pid, "SIGKILL");
      }
    },
  };

  // one pass at a time per connection, in arrival order
  const queues = new Map<string, Promise<unknown>>();
  const pendingWebhooks = new Map<string, Set<string>>();
  const inFlight = new Set<Promise<unknown>>();
  const enqueue = <T>(connectionId: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(connectionId) ?? Promise.resolve()).then(work);
    const settled = next.catch(() => {});
    queues.set(connectionId, settled);
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
    return next;
  };
  const pass = async (connection: Connection, run: RunKind, recordIds?: string[]): Promise<RunSummary> => {
    try {
      const summary = await slots(() => runConnection(deps, connection, run, recordIds ? { recordIds } : {}));
      runs.inc({ vendor: connection.vendor, run: summary.run, outcome: "ok" });
      for (const [type, n] of Object.entries(summary.byType)) produced.inc({ vendor: connection.vendor, type }, n);
      for (const u of summary.unmapped) unmapped.inc({ vendor: connection.vendor, field: u.field });
      return summary;
    } catch (error) {
      runs.inc({ vendor: connection.vendor, run, outcome: "failed" });
      logger.error(
        { err: error, connectionId: connection.connectionId, run },
        "connector pass failed; nothing after the last stored checkpoint is lost, the next pass retries",
      );
      throw error;
    }
  };
  const background = (connection: Connection, run: RunKind) =>
    void enqueue(connection.connectionId, () => pass(connection, run)).catch(() => {});
  const onWebhook = (connection: Connection, changes: readonly WebhookChange[]) => {
    // coalesce deliveries that arrive while a fetch is queued: one fetch per record
    const pending = pendingWebhooks.get(connection.connectionId);
    if (pending) {
      for (const c of changes) pending.add(c.recordId);
      return;
    }
    const ids = new Set(changes.map((c) => c.recordId));
    pendingWebhooks.set(connection.connectionId, ids);
    void enqueue(connection.connectionId, () => {
      pendingWebhooks.delete(connection.connectionId);
      return pass(connection, "webhook", [...ids]);
    }).catch(() => {});
  };

  // schedules, re-read from the connections table
  const scheduled = new Map<string, Scheduled>();
  const known = new Map<string, Connection>();
  const reload = async () => {
    const connections = await listConnections(database.db);
    const seen = new Set<string>();
    for (const c of connections) {
      seen.add(c.connectionId);
      known.set(c.connectionId, c);
      const fingerprint = JSON.stringify(c);
      const existing = scheduled.get(c.connectionId);
      if (existing?.fingerprint === fingerprint) continue;
      for (const t of existing?.tasks ?? []) await t.stop();
      const timezone = typeof c.config.timeZone === "string" ? c.config.timeZone : "UTC";
      const tasks = [
        cron.schedule(c.schedule, () => background(c, "sync"), {
          timezone,
          name: `${c.connectionId}:sync`,
          noOverlap: true,
        }),
      ];
      if (c.kind === "hris" && c.snapshotSchedule)
        tasks.push(
          cron.schedule(c.snapshotSchedule, () => background(c, "snapshot"), {
            timezone,
            name: `${c.connectionId}:snapshot`,
            noOverlap: true,
          }),
        );
      scheduled.set(c.connectionId, { fingerprint, tasks });
      logger.info(
        {
          connectionId: c.connectionId,
          vendor: c.vendor,
          schedule: c.schedule,
          snapshotSchedule: c.snapshotSchedule,
          timezone,
        },
        existing ? "connection changed: rescheduled" : "connection scheduled",
      );
      // a new connection (or this process starting): first sync, or catch up on what was missed
      if (!existing) background(c, "sync");
    }
    for (const [id, s] of scheduled)
      if (!seen.has(id)) {
        for (const t of s.tasks) await t.stop();
        scheduled.delete(id);
        known.delete(id);
        logger.info({ connectionId: id }, "connection removed: unscheduled");
      }
  };
  await reload();
  const reloader = setInterval(
    () => void reload().catch((error: unknown) => logger.error({ err: error }, "reading connections failed; retrying")),
    env.CONNECT_RELOAD_MS,
  );

  const health = createHealth();
  health.add({
    name: "database",
    check: async () => {
      await database.db.execute(sql`select 1`);
      return { ready: true };
    },
  });
  health.add({
    name: "kafka",
    check: () => (producerUp ? { ready: true } : { ready: false, detail: "producer disconnected" }),
  });
  const ops: Ops = { health, registry };

  const connectionById = async (id: string) => known.get(id) ?? (await loadConnection(database.db, id));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://connect").pathname;
    const hook = /^\/hooks\/([^/]+)\/?$/.exec(path);
    const answer = hook
      ? handleWebhook(req, res, decodeURIComponent(hook[1]!), {
          connection: connectionById,
          enqueue: onWebhook,
          maxBytes: env.CONNECT_MAX_WEBHOOK_BYTES,
          logger,
          received,
        })
      : answerOps(path, ops).then((a) => {
          if (a) res.writeHead(a.status, { "content-type": a.contentType }).end(a.body);
          else sendProblem(res, 404, "Not Found", "try POST /hooks/<connection>, /healthz, /readyz or /metrics");
        });
    answer.catch((error: unknown) => {
      logger.error({ err: error, path }, "request failed");
      if (!res.headersSent)
        sendProblem(res, 503, "Service Unavailable", "the connector could not take the request; retry");
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new Error(`CONNECT_PORT ${env.CONNECT_PORT} on ${env.CONNECT_HOST} is in use`)
          : error,
      ),
    );
    server.listen(env.CONNECT_PORT, env.CONNECT_HOST, () => done());
  });
  const url = `http://${env.CONNECT_HOST}:${(server.address() as { port: number }).port}`;
  logger.info({ url, webhooks: `${url}/hooks/<connection>`, connections: scheduled.size }, "connect listening");

  return {
    url,
    ops,
    failed: new Promise<Error>(() => {}),
    async runNow(connectionId, run) {
      const connection = await loadConnection(database.db, connectionId);
      if (!connection) throw new Error(`no connection ${connectionId}`);
      return enqueue(connectionId, () => pass(connection, run));
    },
    async stop() {
      clearInterval(reloader);
      for (const s of scheduled.values()) for (const t of s.tasks) await t.stop();
      await new Promise<void>((done) => server.close(() => done()).closeAllConnections());
      await Promise.all(inFlight);
      await producer.disconnect();
      await database.close();
    },
  };
}

/** Runs at most `concurrency` tasks at once, the others in arrival order. */
function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= concurrency) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
