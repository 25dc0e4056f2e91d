import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import { acknowledgeAlert, findAlert, listAlerts } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import { loadOrganisation } from "@hr-radar/organisations";
import { defaultPolicy } from "@hr-radar/policy";
import { authenticateToken, loadProjections, organisationOverview, toCsv } from "@hr-radar/queries";
import { answerOps, type Logger, type Ops } from "@hr-radar/service-kit";
import { functionLoadTrend, headcountTrend, hrTeamTrend } from "@hr-radar/trends";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { Counter } from "prom-client";
import { createAuthFailureLimiter } from "./auth-failures.ts";
import { serveDashboard } from "./dashboard.ts";
import {
  AcknowledgeBody,
  AlertParams,
  AlertSchema,
  AlertsQuery,
  AlertsSchema,
  ErrorSchema,
  FunctionLoadQuery,
  FunctionLoadSchema,
  HeadcountQuery,
  HeadcountSchema,
  HrTeamQuery,
  HrTeamSchema,
  MeSchema,
  OrganisationParams,
  OrganisationSchema,
  ProjectionsQuery,
  ProjectionsSchema,
} from "./schemas.ts";

/** What the app needs: the database, its ops endpoints, a logger, its limits. */
export interface ApiDeps {
  db: Database;
  ops: Ops;
  logger: Logger;
  /** Failed authentications one client address may make per minute (burst and rate); default 20. */
  authFailuresPerMinute?: number;
}

/** Largest request body the API reads (an acknowledgement is a few bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

type Env = { Variables: { organisationId: string; tokenName: string } };
type ErrorCode = z.infer<typeof ErrorSchema>["error"]["code"];

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  internal: 500,
};

/** An error answer the handlers throw; rendered as `{ error: { code, message } }`. */
class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const errors = (...codes: ErrorCode[]) =>
  Object.fromEntries(
    codes.map((code) => [
      STATUS[code],
      { description: code, content: { "application/json": { schema: ErrorSchema } } },
    ]),
  );
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema }, "text/csv": { schema: { type: "string" as const } } },
});
const secured = { security: [{ bearerAuth: [] }] };

/** The client's address as the socket saw it (never a forwarded header a client can forge). */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // not served by @hono/node-server (app.request in a test)
  }
}

/**
 * The HTTP API: read-only trends and alerts per organisation plus acknowledgement, JSON or
 * CSV, with an OpenAPI document generated from the same zod schemas that validate the
 * requests. Every /api/v1 request carries an organisation-scoped bearer token; a token
 * never reads another organisation's rows (403, and nothing about them is revealed).
 */
export function createApiApp({ db, ops, logger, authFailuresPerMinute = 20 }: ApiDeps): OpenAPIHono<Env> {
  const requests = new Counter({
    name: "hr_radar_api_requests_total",
    help: "API requests, by route and status",
    labelNames: ["method", "route", "status"],
    registers: [ops.registry],
  });
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.join(".") || "request";
        return c.json(
          { error: { code: "bad_request" as const, message: `${where}: ${issue?.message ?? "invalid"}` } },
          400,
        );
      }
      return undefined;
    },
  });

  app.use("*", async (c, next) => {
    await next();
    requests.inc({ method: c.req.method, route: c.req.routePath, status: String(c.res.status) });
  });
  // Before anything reads a body: a 100 MB acknowledgement was parsed whole.
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          {
            error: {
              code: "payload_too_large" as const,
              message: `request body over ${MAX_BODY_BYTES} bytes`,
            },
          },
          413,
        ),
    }),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError)
      return c.json({ error: { code: error.code, message: error.message } }, STATUS[error.code]);
    if (error instanceof HTTPException) return error.getResponse();
    logger.error({ err: error, path: c.req.path }, "request failed");
    return c.json({ error: { code: "internal" as const, message: "internal error; see the API's log" } }, 500);
  });
  app.notFound((c) =>
    c.json(
      { error: { code: "not_found" as const, message: `no route ${c.req.method} ${c.req.path}: see /openapi.json` } },
      404,
    ),
  );

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
    if (wait !== null) {
      c.header("Retry-After", String(wait));
      throw new ApiError("too_many_requests", `too many failed authentications from this address; retry in ${wait} s`);
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      failures.recordFailure(client, Date.now());
      c.header("WWW-Authenticate", 'Bearer realm="hr-radar"');
      throw new ApiError(
        "unauthorized",
        header
          ? "Authorization must be 'Bearer <token>'"
          : "missing bearer token: create one with `hr-radar token create --org <id>`",
      );
    }
    const token = await authenticateToken(db, match[1]!);
    if (!token) {
      failures.recordFailure(client, Date.now());
      c.header("WWW-Authenticate", 'Bearer realm="hr-radar", error="invalid_token"');
      throw new ApiError("unauthorized", "unknown, revoked or expired token");
    }
    c.set("organisationId", token.organisationId);
    c.set("tokenName", token.name);
    await next();
  });
  // Same answer whether the other organisation exists or not, so a token cannot probe for ids.
  const scoped = (c: Context<Env>, organisationId: string): string => {
    if (organisationId !== c.get("organisationId"))
      throw new ApiError("forbidden", "this token is not valid for that organisation");
    return organisationId;
  };
  const wantsCsv = (c: Context<Env>, format: string | undefined) =>
    format === "csv" || (format === undefined && (c.req.header("accept") ?? "").includes("text/csv"));
  const csv = (c: Context<Env>, rows: readonly Record<string, unknown>[], columns: readonly string[]) =>
    c.body(toCsv(rows, columns), 200, { "content-type": "text/csv; charset=utf-8" });

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "organisation-scoped token from `hr-radar token create`",
  });

  const routes = app
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/me",
        summary: "The organisation this token reads",
        ...secured,
        responses: {
          200: { description: "token scope", content: { "application/json": { schema: MeSchema } } },
          ...errors("unauthorized", "too_many_requests"),
        },
      }),
      (c) => c.json({ organisationId: c.get("organisationId"), tokenName: c.get("tokenName") }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}",
        summary: "Organisation overview",
        ...secured,
        request: { params: OrganisationParams },
        responses: {
          200: {
            description: "profile, latest headcount, HR team, thresholds, trend freshness",
            content: { "application/json": { schema: OrganisationSchema } },
          },
          ...errors("bad_request", "unauthorized", "forbidden", "not_found", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const overview = await organisationOverview(db, org);
        if (!overview) throw new ApiError("not_found", "no profile received for this organisation yet");
        return c.json(overview, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}/headcount",
        summary: "Headcount trend",
        ...secured,
        request: { params: OrganisationParams, query: HeadcountQuery },
        responses: {
          200: json(HeadcountSchema, "headcount per period"),
          ...errors("bad_request", "unauthorized", "forbidden", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const q = c.req.valid("query");
        const rows = (await headcountTrend(db, { organisationId: org, grain: q.grain, from: q.from, to: q.to })).map(
          ({ organisationId: _, ...r }) => r,
        );
        if (wantsCsv(c, q.format))
          return csv(c, rows, ["period", "periodStart", "headcount", "hires", "terminations", "openRequisitions"]);
        return c.json({ organisationId: org, grain: q.grain, rows }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}/function-load",
        summary: "Helpdesk load per HR function, in FTE",
        ...secured,
        request: { params: OrganisationParams, query: FunctionLoadQuery },
        responses: {
          200: json(FunctionLoadSchema, "load per function and period"),
          ...errors("bad_request", "unauthorized", "forbidden", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const q = c.req.valid("query");
        const rows = (
          await functionLoadTrend(db, {
            organisationId: org,
            grain: q.grain,
            from: q.from,
            to: q.to,
            hrFunction: q.function,
          })
        ).map(({ organisationId: _, ...r }) => r);
        if (wantsCsv(c, q.format))
          return csv(c, rows, [
            "period",
            "periodStart",
            "hrFunction",
            "ticketsOpened",
            "ticketsResolved",
            "ticketsEscalated",
            "handlingHours",
            "estimatedHours",
            "loadFte",
            "backlog",
          ]);
        const policy = (await loadOrganisation(db, org))?.policy ?? defaultPolicy;
        return c.json(
          {
            organisationId: org,
            grain: q.grain,
            thresholdFte: policy.thresholds.specialistRaiseFte,
            rows,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}/hr-team",
        summary: "HR team make-up over time",
        ...secured,
        request: { params: OrganisationParams, query: HrTeamQuery },
        responses: {
          200: json(HrTeamSchema, "HR team per period"),
          ...errors("bad_request", "unauthorized", "forbidden", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const q = c.req.valid("query");
        const rows = (await hrTeamTrend(db, { organisationId: org, grain: q.grain, from: q.from, to: q.to })).map(
          ({ organisationId: _, ...r }) => r,
        );
        if (wantsCsv(c, q.format)) return csv(c, rows, ["day", "generalists", "specialists"]);
        return c.json({ organisationId: org, rows }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}/alerts",
        summary: "Staffing alerts: one recommendation per function, with its reasons",
        ...secured,
        request: { params: OrganisationParams, query: AlertsQuery },
        responses: {
          200: json(AlertsSchema, "alerts, newest change first"),
          ...errors("bad_request", "unauthorized", "forbidden", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const q = c.req.valid("query");
        const alerts = await listAlerts(db, { organisationId: org, status: q.status, hrFunction: q.function });
        if (wantsCsv(c, q.format))
          return csv(c, alerts, [
            "alertId",
            "hrFunction",
            "ruleId",
            "status",
            "recommendation",
            "severity",
            "summary",
            "openedAt",
            "updatedAt",
            "acknowledgedBy",
            "evidence",
            "reasons",
          ]);
        return c.json({ organisationId: org, alerts }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/api/v1/organisations/{organisationId}/alerts/{alertId}/acknowledge",
        summary: "Acknowledge an open alert",
        ...secured,
        request: {
          params: AlertParams,
          body: { content: { "application/json": { schema: AcknowledgeBody } }, required: true },
        },
        responses: {
          200: { description: "the acknowledged alert", content: { "application/json": { schema: AlertSchema } } },
          ...errors(
            "bad_request",
            "unauthorized",
            "forbidden",
            "not_found",
            "conflict",
            "payload_too_large",
            "too_many_requests",
          ),
        },
      }),
      async (c) => {
        const { organisationId, alertId } = c.req.valid("param");
        const org = scoped(c, organisationId);
        const alert = await findAlert(db, alertId);
        if (!alert || alert.organisationId !== org)
          throw new ApiError("not_found", `no alert ${alertId} for this organisation`);
        const result = await acknowledgeAlert(db, alertId, c.req.valid("json").by, new Date().toISOString());
        if (result === "not-open") throw new ApiError("conflict", `alert ${alertId} is ${alert.status}, not open`);
        return c.json((await findAlert(db, alertId))!, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/api/v1/organisations/{organisationId}/projections",
        summary: "Projected threshold crossings per function",
        ...secured,
        request: { params: OrganisationParams, query: ProjectionsQuery },
        responses: {
          200: {
            description: "each function's forecast, as the load-forecast rule makes it from complete weeks",
            content: { "application/json": { schema: ProjectionsSchema } },
          },
          ...errors("bad_request", "unauthorized", "forbidden", "too_many_requests"),
        },
      }),
      async (c) => {
        const org = scoped(c, c.req.valid("param").organisationId);
        const { at } = c.req.valid("query");
        const evaluatedAt = at === undefined ? undefined : new Date(at).toISOString();
        return c.json({ organisationId: org, ...(await loadProjections(db, org, evaluatedAt)) }, 200);
      },
    );

  routes.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "hr-radar API",
      version: "1.0.0",
      description:
        "Trends and staffing alerts per organisation. Every /api/v1 call needs an organisation-scoped bearer token.",
    },
  });
  serveDashboard(routes);
  return routes;
}
