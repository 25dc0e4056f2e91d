import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import { type AlertView, acknowledgeAlert, findAlert, listAlerts } from "@hr-radar/alerts";
import type { Database } from "@hr-radar/db";
import { toRfc3339 } from "@hr-radar/queries";
import { type ApiEnv, csvResponse, jsonOrCsv, pageStart, paginate, wantsCsv } from "./http.ts";
import { ApiProblem, problemResponses } from "./problems.ts";
import {
  AcknowledgeBody,
  AlertParams,
  AlertQuery,
  AlertSchema,
  AlertsQuery,
  AlertsSchema,
  OrganisationParams,
} from "./schemas.ts";

const secured = { security: [{ bearerAuth: [] }] };
const ALERT_COLUMNS = [
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
];

/** An alert as the API shows it: its instants in RFC 3339 (the store reads them as Postgres text). */
export function alertForReaders(alert: AlertView): z.infer<typeof AlertSchema> {
  return {
    ...alert,
    openedAt: toRfc3339(alert.openedAt),
    updatedAt: toRfc3339(alert.updatedAt),
    acknowledgedAt: toRfc3339(alert.acknowledgedAt),
    resolvedAt: toRfc3339(alert.resolvedAt),
  } as z.infer<typeof AlertSchema>;
}

/** The alert if it is this organisation's; another organisation's is "not found", like a missing one. */
async function ownAlert(db: Database, organisationId: string, alertId: number): Promise<AlertView> {
  const alert = await findAlert(db, alertId);
  if (!alert || alert.organisationId !== organisationId)
    throw new ApiProblem("not-found", `no alert ${alertId} for this organisation`);
  return alert;
}

/** Registers the alert list, one alert, and acknowledgement. */
export function registerAlertRoutes(app: OpenAPIHono<ApiEnv>, db: Database): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/alerts",
      operationId: "listAlerts",
      tags: ["Alerts"],
      summary: "Staffing alerts: one recommendation per function, with its reasons",
      description:
        "The organisation's alerts, newest first (by alertId, an order no update changes, so pages never shift); paginated.",
      ...secured,
      request: { params: OrganisationParams, query: AlertsQuery },
      responses: {
        200: jsonOrCsv(AlertsSchema, "alerts, newest first"),
        ...problemResponses("bad-request", "unauthorized", "forbidden", "too-many-requests"),
      },
    }),
    async (c) => {
      const org = c.get("organisationId");
      const q = c.req.valid("query");
      const after = pageStart(c);
      const alerts = (await listAlerts(db, { organisationId: org, status: q.status, hrFunction: q.function })).map(
        alertForReaders,
      );
      const page = paginate(c, alerts, { keyOf: (a) => [a.alertId], order: "desc", after, limit: q.limit });
      if (wantsCsv(c, q.format))
        return csvResponse(c, page.items, ALERT_COLUMNS, {
          filename: `${org}-alerts-${q.status}.csv`,
          bom: q.bom === "true",
        });
      return c.json({ organisationId: org, alerts: page.items, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/alerts/{alertId}",
      operationId: "getAlert",
      tags: ["Alerts"],
      summary: "One alert, with every reason behind it",
      description: "The alert `hr-radar alerts show` prints: its recommendation, status, history fields and reasons.",
      ...secured,
      request: { params: AlertParams, query: AlertQuery },
      responses: {
        200: jsonOrCsv(AlertSchema, "the alert"),
        ...problemResponses("bad-request", "unauthorized", "forbidden", "not-found", "too-many-requests"),
      },
    }),
    async (c) => {
      const { alertId } = c.req.valid("param");
      const q = c.req.valid("query");
      const alert = alertForReaders(await ownAlert(db, c.get("organisationId"), alertId));
      if (wantsCsv(c, q.format))
        return csvResponse(c, [alert], ALERT_COLUMNS, { filename: `alert-${alertId}.csv`, bom: q.bom === "true" });
      return c.json(alert, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/organisations/{organisationId}/alerts/{alertId}/acknowledge",
      operationId: "acknowledgeAlert",
      tags: ["Alerts"],
      summary: "Acknowledge an open alert",
      description: "Records who acknowledged an open alert; an alert already acknowledged or resolved is a 409.",
      ...secured,
      request: {
        params: AlertParams,
        body: { content: { "application/json": { schema: AcknowledgeBody } }, required: true },
      },
      responses: {
        200: { description: "the acknowledged alert", content: { "application/json": { schema: AlertSchema } } },
        ...problemResponses(
          "bad-request",
          "unauthorized",
          "forbidden",
          "not-found",
          "conflict",
          "payload-too-large",
          "unsupported-media-type",
          "too-many-requests",
        ),
      },
    }),
    async (c) => {
      const { alertId } = c.req.valid("param");
      const alert = await ownAlert(db, c.get("organisationId"), alertId);
      const result = await acknowledgeAlert(db, alertId, c.req.valid("json").by, new Date().toISOString());
      if (result === "not-open") throw new ApiProblem("conflict", `alert ${alertId} is ${alert.status}, not open`);
      return c.json(alertForReaders((await findAlert(db, alertId))!), 200);
    },
  );
}
