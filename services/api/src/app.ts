import { getConnInfo } from "@hono/node-server/conninfo";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "@hr-radar/db";
import { authenticateToken } from "@hr-radar/queries";
import { answerOps, type Logger, type Ops } from "@hr-radar/service-kit";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { Counter } from "prom-client";
import { createAuthFailureLimiter } from "./auth-failures.ts";
import { serveDashboard } from "./dashboard.ts";
import { type ApiEnv, conditionalReads, EXPOSED_HEADERS, requestDurations, routeOf } from "./http.ts";
import { methodsAllowed } from "./methods.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination.ts";
import {
  ApiProblem,
  type InvalidParam,
  PROBLEMS,
  type ProblemCode,
  problemResponse,
  validationProblem,
} from "./problems.ts";
import { registerAlertRoutes } from "./routes-alerts.ts";
import { registerTrendRoutes } from "./routes-trends.ts";
import { OrganisationParams } from "./schemas.ts";

/** What the app needs: the database, its ops endpoints, a logger, its limits. */
export interface ApiDeps {
  db: Database;
  ops: Ops;
  logger: Logger;
  /** Failed authentications one client address may make per minute (burst and rate); default 20. */
  authFailuresPerMinute?: number;
  /** Origins a browser may call the API from (CORS, API_CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
}

/** Largest request body the API reads (an acknowledgement is a few bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The client's address as the socket saw it (never a forwarded header a client can forge). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // not served by @hono/node-server (app.request in a test)
  }
}

const LOCATIONS: Record<string, InvalidParam["in"]> = {
  query: "query",
  param: "path",
  json: "body",
  form: "body",
  header: "header",
};

/** A problem for an HTTPException a Hono middleware threw (malformed JSON, wrong media type, ...). */
function fromHttpException(error: HTTPException): ApiProblem {
  if (error.status === 400)
    return new ApiProblem("bad-request", `body: ${error.message || "malformed request"}`, {
      errors: [{ in: "body", name: "", pointer: "#", detail: error.message || "malformed request" }],
    });
  if (error.status === 415)
    return new ApiProblem("unsupported-media-type", "send the body as application/json (Content-Type header)");
  const code = (Object.keys(PROBLEMS) as ProblemCode[]).find((k) => PROBLEMS[k].status === error.status);
  return new ApiProblem(code ?? "internal", error.message || "request refused");
}

/**
 * The HTTP API: read-only trends and alerts per organisation plus acknowledgement, JSON or
 * CSV, with an OpenAPI document generated from the same zod schemas that validate the
 * requests. Every /api/v1 request carries an organisation-scoped bearer token; a token
 * never reads another organisation's rows (403, and nothing about them is revealed).
 * Conventions (README "HTTP API"): RFC 9457 problem details for every error, cursor
 * pagination, ETag/304, CORS for configured origins.
 */
export function createApiApp({
  db,
  ops,
  logger,
  authFailuresPerMinute = 20,
  corsOrigins = [],
}: ApiDeps): OpenAPIHono<ApiEnv> {
  const requests = new Counter({
    name: "hr_radar_api_requests_total",
    help: "API requests, by route and status",
    labelNames: ["method", "route", "status"],
    registers: [ops.registry],
  });
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return problemResponse(c, validationProblem(LOCATIONS[result.target] ?? "query", result.error.issues));
      return undefined;
    },
  });

  app.use("*", requestDurations(ops.registry));
  app.use("*", async (c, next) => {
    await next();
    requests.inc({ method: c.req.method, route: routeOf(c), status: String(c.res.status) });
  });
  // Before authentication: a preflight carries no Authorization header. Without configured
  // origins no Access-Control-Allow-Origin is sent, so browsers keep other origins out.
  const allowed = new Set(corsOrigins);
  app.use(
    "*",
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "Accept", "If-None-Match"],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );
  // Before anything reads a body: a 100 MB acknowledgement was parsed whole.
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(c, new ApiProblem("payload-too-large", `request body over ${MAX_BODY_BYTES} bytes`)),
    }),
  );
  app.onError((error, c) => {
    if (error instanceof ApiProblem) return problemResponse(c, error);
    if (error instanceof HTTPException) return problemResponse(c, fromHttpException(error));
    logger.error({ err: error, path: c.req.path }, "request failed");
    return problemResponse(c, new ApiProblem("internal", "internal error; see the API's log"));
  });
  // A path some route serves with other methods is 405 with Allow, not 404.
  app.notFound((c) => {
    c.set("unmatched", true);
    const methods = methodsAllowed(app.routes, c.req.path);
    if (methods.length > 0)
      return problemResponse(
        c,
        new ApiProblem(
          "method-not-allowed",
          `${c.req.method} is not allowed on ${c.req.path}: use ${methods.join(", ")}`,
          {
            headers: { allow: methods.join(", ") },
          },
        ),
      );
    return problemResponse(c, new ApiProblem("not-found", `no route ${c.req.method} ${c.req.path}: see /openapi.json`));
  });

  // Ops endpoints, unauthenticated (they reveal no organisation data).
  for (const path of ["/healthz", "/readyz", "/metrics"]) {
    app.get(path, async (c) => {
      const answer = (await answerOps(path, ops))!;
      return c.body(answer.body, answer.status as 200, { "content-type": answer.contentType });
    });
  }

  // Authentication: the token's organisation becomes the request's scope. Failed attempts
  // are limited per address, and a limited address is refused before the database is asked.
  const failures = createAuthFailureLimiter({ perMinute: authFailuresPerMinute });
  app.use("/api/v1/*", async (c, next) => {
    const client = clientAddress(c);
    const wait = failures.retryAfterSeconds(client, Date.now());
    if (wait !== null)
      throw new ApiProblem(
        "too-many-requests",
        `too many failed authentications from this address; retry in ${wait} s`,
        {
          headers: { "retry-after": String(wait) },
        },
      );
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      failures.recordFailure(client, Date.now());
      throw new ApiProblem(
        "unauthorized",
        header
          ? "Authorization must be 'Bearer <token>'"
          : "missing bearer token: create one with `hr-radar token create --org <id>`",
        { headers: { "www-authenticate": 'Bearer realm="hr-radar"' } },
      );
    }
    const token = await authenticateToken(db, match[1]!);
    if (!token) {
      failures.recordFailure(client, Date.now());
      throw new ApiProblem("unauthorized", "unknown, revoked or expired token", {
        headers: { "www-authenticate": 'Bearer realm="hr-radar", error="invalid_token"' },
      });
    }
    c.set("organisationId", token.organisationId);
    c.set("tokenName", token.name);
    await next();
  });
  // The scope, before any parameter is judged: another organisation's path is 403 whatever
  // else is wrong with the request, and the same answer whether that organisation exists.
  const scope = async (c: Context<ApiEnv>, next: () => Promise<void>) => {
    const parsed = OrganisationParams.safeParse({ organisationId: c.req.param("organisationId") });
    if (!parsed.success) throw validationProblem("path", parsed.error.issues);
    if (parsed.data.organisationId !== c.get("organisationId"))
      throw new ApiProblem("forbidden", "this token is not valid for that organisation");
    await next();
  };
  app.use("/api/v1/organisations/:organisationId", scope);
  app.use("/api/v1/organisations/:organisationId/*", scope);
  app.use("/api/v1/*", conditionalReads("private, no-cache"));
  app.use("/openapi.json", conditionalReads("public, no-cache"));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "organisation-scoped token from `hr-radar token create`",
  });
  registerTrendRoutes(app, db);
  registerAlertRoutes(app, db);

  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "hr-radar API",
      version: "1.0.0",
      description: [
        "Trends and staffing alerts per organisation. Every /api/v1 call needs an organisation-scoped bearer token.",
        "Errors are RFC 9457 problem details (application/problem+json); a 400 lists every invalid input in `errors`.",
        `Lists are paginated by cursor: \`limit\` (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}) and the \`next\` link (also a Link header).`,
        "Reads carry an ETag; send it back in If-None-Match for a 304.",
      ].join("\n\n"),
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: new URL(c.req.url).origin, description: "this API" }],
    tags: [
      { name: "Organisations", description: "the token's organisation and its overview" },
      { name: "Trends", description: "headcount, HR team and helpdesk load by period, and load projections" },
      { name: "Alerts", description: "staffing recommendations and their acknowledgement" },
    ],
  }));
  serveDashboard(app);
  return app;
}
