// The API under load: the dashboard's read endpoints of one organisation, served by the real
// api service (its own process, started by the orchestrator on the ingest's database), driven
// by autocannon at a few client counts; then the same queries, through the same query
// functions and a pool of the API's size, run directly in this process at the same
// concurrency, so the share of HTTP, routing, auth and serialisation is visible.
import { connectDatabase } from "@hr-radar/db";
import { organisationOverview } from "@hr-radar/queries";
import { functionLoadTrend, headcountTrend, hrTeamTrend } from "@hr-radar/trends";
import autocannon from "autocannon";
import type { ContenderResult } from "../child.ts";
import { percentile, progress } from "../measure.ts";

/** What to load. */
export interface ApiLoadSpec {
  label: string;
  /** The running API, http://host:port. */
  url: string;
  token: string;
  databaseUrl: string;
  organisationId: string;
  connections: number[];
  /** Seconds per endpoint and client count. */
  seconds: number;
  /** The API's pool size (startApiServer's). */
  poolSize: number;
}

/** One endpoint at one client count, over HTTP or direct. */
export interface ApiLoadRow {
  endpoint: string;
  via: "http" | "direct";
  connections: number;
  requests: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

/** The dashboard's reads of one organisation (api.js), and the query each one runs. */
function endpoints(org: string) {
  const base = `/api/v1/organisations/${encodeURIComponent(org)}`;
  return [
    { name: "overview", path: base, direct: (db: Db) => organisationOverview(db, org) },
    {
      name: "headcount",
      path: `${base}/headcount`,
      direct: (db: Db) => headcountTrend(db, { organisationId: org, grain: "week" }),
    },
    {
      name: "function-load",
      path: `${base}/function-load`,
      direct: (db: Db) => functionLoadTrend(db, { organisationId: org, grain: "week" }),
    },
    {
      name: "hr-team",
      path: `${base}/hr-team`,
      direct: (db: Db) => hrTeamTrend(db, { organisationId: org, grain: "week" }),
    },
  ];
}
type Db = ReturnType<typeof connectDatabase>["db"];

export async function runApiLoad(spec: ApiLoadSpec): Promise<Omit<ContenderResult, "maxRssMb">> {
  const rows: ApiLoadRow[] = [];
  const started = performance.now();
  for (const endpoint of endpoints(spec.organisationId)) {
    // one request first, so the first measured ones do not pay for cold caches and plans
    await fetch(`${spec.url}${endpoint.path}`, { headers: { authorization: `Bearer ${spec.token}` } }).then((r) =>
      r.arrayBuffer(),
    );
    for (const connections of spec.connections) {
      const result = await autocannon({
        url: `${spec.url}${endpoint.path}`,
        connections,
        duration: spec.seconds,
        headers: { authorization: `Bearer ${spec.token}` },
      });
      const errors = result.errors + result.timeouts + result.non2xx;
      rows.push({
        endpoint: endpoint.name,
        via: "http",
        connections,
        requests: result.requests.total,
        perSecond: result.requests.average,
        p50ms: result.latency.p50,
        p99ms: result.latency.p99,
        errors,
      });
      progress(
        `${spec.label}: ${endpoint.name} over HTTP, ${connections} clients: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms${errors ? `, ${errors} errors` : ""}`,
      );
    }
  }
  const database = connectDatabase(spec.databaseUrl, { max: spec.poolSize, applicationName: "bench-api-direct" });
  try {
    for (const endpoint of endpoints(spec.organisationId)) {
      for (const connections of spec.connections) {
        const row = await loadDirect(() => endpoint.direct(database.db), connections, spec.seconds);
        rows.push({ endpoint: endpoint.name, via: "direct", connections, ...row });
        progress(
          `${spec.label}: ${endpoint.name} direct, ${connections} at once: ${Math.round(row.perSecond)} calls/s, p99 ${Math.round(row.p99ms)} ms`,
        );
      }
    }
  } finally {
    await database.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    label: spec.label,
    records: rows.reduce((n, r) => n + r.requests, 0),
    seconds,
    totalSeconds: seconds,
    details: { rows: JSON.stringify(rows) },
  };
}

/** `concurrency` loops calling `call` back to back for `seconds`; latencies of each call. */
async function loadDirect(call: () => Promise<unknown>, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    errors,
  };
}
