import { serve } from "@hono/node-server";
import { connectDatabase } from "@hr-radar/db";
import { createHealth, createRegistry, type Logger, type Ops, withProcessMetrics } from "@hr-radar/service-kit";
import { sql } from "drizzle-orm";
import { createApiApp } from "./app.ts";

/** A listening API. */
export interface RunningApi {
  /** http://host:port, without a trailing slash. */
  url: string;
  ops: Ops;
  close(): Promise<void>;
}

/**
 * Connects to Postgres and serves the API, the dashboard and the ops endpoints on one
 * port. `ops` replaces the API's own readiness and metrics (as `hr-radar up` does, to show
 * every in-process service's on the one port).
 */
export async function startApiServer(options: {
  databaseUrl: string;
  host: string;
  port: number;
  logger: Logger;
  ops?: Ops;
  /** Failed authentications per client address and minute (API_AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute?: number;
  /** Origins a browser may call the API from (API_CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
}): Promise<RunningApi> {
  const database = connectDatabase(options.databaseUrl, { max: 5, applicationName: "hr-radar-api" });
  // its own process: the API's series plus the process metrics, as every service exposes
  const ops: Ops = options.ops ?? {
    health: createHealth(),
    registry: withProcessMetrics(createRegistry("api"), "api"),
  };
  if (!options.ops)
    ops.health.add({
      name: "database",
      check: async () => {
        await database.db.execute(sql`select 1`);
        return { ready: true };
      },
    });
  const app = createApiApp({
    db: database.db,
    ops,
    logger: options.logger,
    ...(options.authFailuresPerMinute === undefined ? {} : { authFailuresPerMinute: options.authFailuresPerMinute }),
    ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((done, fail) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => done(s));
    s.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new Error(`API_PORT ${options.port} on ${options.host} is in use: set API_PORT (or --port) to a free port`)
          : error,
      ),
    );
  });
  const address = server.address() as { port: number };
  const url = `http://${options.host}:${address.port}`;
  options.logger.info({ url, dashboard: `${url}/dashboard/`, openapi: `${url}/openapi.json` }, "api listening");
  return {
    url,
    ops,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await database.close();
    },
  };
}
