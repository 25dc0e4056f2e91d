import { createServer, type Server } from "node:http";
import type { Logger } from "pino";
import { AggregatorRegistry, collectDefaultMetrics, Registry } from "prom-client";
import { z } from "zod";
import type { Health } from "./health.ts";

/** Everything a service exposes to operators: its readiness checks and its metrics. */
export interface Ops {
  health: Health;
  registry: Registry;
}

/** An answer to an ops request, independent of the HTTP framework that sends it. */
export interface OpsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * A metrics registry whose every series carries `service`, so several services' metrics
 * can be merged (as `hr-radar up` does) and still told apart.
 */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return registry;
}

/**
 * A registry that also exposes other registries' series (for several services in one
 * process, as `hr-radar up` runs them). Families with the same name are merged into one,
 * their series told apart by the `service` label, so the exposition stays valid.
 */
export class CombinedRegistry extends Registry {
  readonly #parts: readonly Registry[];
  constructor(parts: readonly Registry[]) {
    super();
    this.#parts = parts;
  }
  override async metrics(): Promise<string> {
    const all = await Promise.all([super.getMetricsAsJSON(), ...this.#parts.map((p) => p.getMetricsAsJSON())]);
    return AggregatorRegistry.aggregate(all).metrics();
  }
}

/**
 * prom-client's default metrics, with the three gauges it names `*_total`
 * (`nodejs_active_handles_total`, `_requests_total`, `_resources_total`) renamed without the
 * suffix: in Prometheus' conventions `_total` marks a counter, and `promtool check metrics`
 * rejects a gauge that carries it.
 */
class ProcessRegistry extends Registry {
  override async getMetricsAsJSON(): ReturnType<Registry["getMetricsAsJSON"]> {
    return (await super.getMetricsAsJSON()).map((m) =>
      String(m.type) === "gauge" && m.name.endsWith("_total") ? { ...m, name: m.name.slice(0, -"_total".length) } : m,
    );
  }
  override async metrics(): Promise<string> {
    return AggregatorRegistry.aggregate([await this.getMetricsAsJSON()]).metrics();
  }
}

let shared: Registry | undefined;

/**
 * Process metrics (CPU, RSS, heap, event-loop lag, active handles), one set per process
 * however often it is asked for: several services or API servers in one process share it.
 */
export function processRegistry(): Registry {
  if (shared) return shared;
  const registry = new ProcessRegistry();
  collectDefaultMetrics({ register: registry, prefix: "hr_radar_" });
  shared = registry;
  return registry;
}

/**
 * A service's registry followed by the process metrics, as one exposition: the two never
 * share a metric name, so their texts are simply joined (each rendered by its own registry,
 * the service's series exactly as it would alone). Metrics registered on this registry
 * itself (the API's request counter) come first and carry `service`.
 */
class ServiceProcessRegistry extends Registry {
  readonly #service: Registry;
  constructor(service: Registry, name: string) {
    super();
    this.#service = service;
    this.setDefaultLabels({ service: name });
  }
  override async metrics(): Promise<string> {
    const texts = await Promise.all([super.metrics(), this.#service.metrics(), processRegistry().metrics()]);
    return texts
      .map((t) => t.trim())
      .filter((t) => t !== "")
      .map((t) => `${t}\n`)
      .join("");
  }
  override async getMetricsAsJSON(): ReturnType<Registry["getMetricsAsJSON"]> {
    const parts = await Promise.all([
      super.getMetricsAsJSON(),
      this.#service.getMetricsAsJSON(),
      processRegistry().getMetricsAsJSON(),
    ]);
    return parts.flat();
  }
}

/**
 * What a service process exposes on /metrics: its own series plus the process metrics, as
 * under `hr-radar up`, so the same dashboards work for the standalone services.
 */
export function withProcessMetrics(service: Registry, name: string): Registry {
  return new ServiceProcessRegistry(service, name);
}

/**
 * /healthz: the process is alive and its event loop turns (never checks dependencies,
 * so an orchestrator does not restart a service because Postgres is down).
 * /readyz: every readiness check passes; 503 with the failing checks otherwise.
 * /metrics: Prometheus text format.
 */
export async function answerOps(path: string, ops: Ops): Promise<OpsAnswer | null> {
  if (path === "/healthz") return json(200, { status: "ok" });
  if (path === "/readyz") {
    const report = await ops.health.report();
    return json(report.ready ? 200 : 503, { status: report.ready ? "ready" : "not ready", ...report });
  }
  if (path === "/metrics")
    return { status: 200, contentType: ops.registry.contentType, body: await ops.registry.metrics() };
  return null;
}

/** A running ops endpoint. */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves /healthz, /readyz and /metrics on `host:port` (port 0: any free port). */
export async function startOpsServer({
  host,
  port,
  ops,
  logger,
}: {
  host: string;
  port: number;
  ops: Ops;
  logger: Logger;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://ops").pathname;
    answerOps(path, ops).then(
      (answer) => {
        const a = answer ?? {
          status: 404,
          contentType: "text/plain",
          body: "not found: try /healthz, /readyz or /metrics\n",
        };
        res.writeHead(a.status, { "content-type": a.contentType }).end(a.body);
      },
      (error: unknown) => {
        logger.error({ err: error, path }, "ops endpoint failed");
        res.writeHead(500, { "content-type": "text/plain" }).end("internal error\n");
      },
    );
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new Error(`OPS_PORT ${port} on ${host} is in use: set OPS_PORT to a free port, or OPS_PORT=off`)
          : error,
      ),
    );
    server.listen(port, host, () => done());
  });
  const bound = (server.address() as { port: number }).port;
  logger.info(
    { url: `http://${host}:${bound}`, endpoints: ["/healthz", "/readyz", "/metrics"] },
    "ops endpoints listening",
  );
  return {
    port: bound,
    close: () => new Promise<void>((done) => server.close(() => done()).closeAllConnections()),
  };
}

/**
 * The ops settings of a service: OPS_PORT (a port, 0 for any free one, or `off`) and
 * OPS_HOST. Each service has its own default port so that all of them can run on one
 * machine without settings.
 */
export function opsEnvShape(defaultPort: number) {
  return {
    OPS_PORT: z
      .union([z.literal("off"), z.coerce.number().int().min(0).max(65_535)])
      .default(defaultPort)
      .describe("port for /healthz, /readyz, /metrics; 0 = any free port; off = none"),
    OPS_HOST: z.string().min(1).default("127.0.0.1"),
  };
}

function json(status: number, body: unknown): OpsAnswer {
  return { status, contentType: "application/json; charset=utf-8", body: `${JSON.stringify(body)}\n` };
}
