import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Database } from "@hr-radar/db";
import { loadOrganisation } from "@hr-radar/organisations";
import { defaultPolicy, HR_FUNCTIONS, UNMAPPED } from "@hr-radar/policy";
import { loadProjections, organisationOverview } from "@hr-radar/queries";
import { functionLoadTrend, headcountTrend, hrTeamTrend } from "@hr-radar/trends";
import { type ApiEnv, csvResponse, jsonOrCsv, pageStart, paginate, wantsCsv } from "./http.ts";
import { ApiProblem, problemResponses } from "./problems.ts";
import {
  FunctionLoadQuery,
  FunctionLoadSchema,
  HeadcountQuery,
  HeadcountSchema,
  HrTeamQuery,
  HrTeamSchema,
  MeSchema,
  NoQuery,
  OrganisationParams,
  OrganisationSchema,
  ProjectionsQuery,
  ProjectionsSchema,
} from "./schemas.ts";

const secured = { security: [{ bearerAuth: [] }] };
const readProblems = problemResponses("bad-request", "unauthorized", "forbidden", "too-many-requests");
const LOAD_BUCKETS: readonly string[] = [...HR_FUNCTIONS, UNMAPPED];

/** The later of the asked `from` and the period a later page resumes after: earlier days are not read again. */
const resumeFrom = (from: string | undefined, after: readonly (string | number)[] | null): string | undefined => {
  const start = after?.[0];
  if (typeof start !== "string") return from;
  return from === undefined || start > from ? start : from;
};

const HEADCOUNT_COLUMNS = [
  "period",
  "periodStart",
  "headcount",
  "hires",
  "terminations",
  "openRequisitions",
  "complete",
];
const LOAD_COLUMNS = [
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
  "complete",
];

/** Registers the token's scope, the overview, the three trends and the projections. */
export function registerTrendRoutes(app: OpenAPIHono<ApiEnv>, db: Database): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/me",
      operationId: "getMe",
      tags: ["Organisations"],
      summary: "The organisation this token reads",
      description: "The organisation and the name of the bearer token: what every other call is scoped to.",
      ...secured,
      request: { query: NoQuery },
      responses: {
        200: { description: "token scope", content: { "application/json": { schema: MeSchema } } },
        ...problemResponses("bad-request", "unauthorized", "too-many-requests"),
      },
    }),
    (c) => c.json({ organisationId: c.get("organisationId"), tokenName: c.get("tokenName") }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}",
      operationId: "getOrganisation",
      tags: ["Organisations"],
      summary: "Organisation overview",
      description:
        "The organisation's profile, latest headcount and HR team, the thresholds in force, whether its trends are current, and the helpdesk-category mapping.",
      ...secured,
      request: { params: OrganisationParams, query: NoQuery },
      responses: {
        200: {
          description: "profile, latest headcount, HR team, thresholds, trend freshness",
          content: { "application/json": { schema: OrganisationSchema } },
        },
        ...problemResponses("bad-request", "unauthorized", "forbidden", "not-found", "too-many-requests"),
      },
    }),
    async (c) => {
      const overview = await organisationOverview(db, c.get("organisationId"));
      if (!overview) throw new ApiProblem("not-found", "no profile received for this organisation yet");
      return c.json(overview as z.infer<typeof OrganisationSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/headcount",
      operationId: "getHeadcountTrend",
      tags: ["Trends"],
      summary: "Headcount trend",
      description:
        "Headcount at the end of each day, ISO week or month, with the hires and terminations within it, oldest period first; paginated.",
      ...secured,
      request: { params: OrganisationParams, query: HeadcountQuery },
      responses: { 200: jsonOrCsv(HeadcountSchema, "headcount per period"), ...readProblems },
    }),
    async (c) => {
      const org = c.get("organisationId");
      const q = c.req.valid("query");
      const after = pageStart(c);
      const rows = (
        await headcountTrend(db, { organisationId: org, grain: q.grain, from: resumeFrom(q.from, after), to: q.to })
      ).map(({ organisationId: _, ...r }) => r);
      const page = paginate(c, rows, { keyOf: (r) => [r.periodStart], after, limit: q.limit });
      if (wantsCsv(c, q.format))
        return csvResponse(c, page.items, HEADCOUNT_COLUMNS, {
          filename: `${org}-headcount-${q.grain}.csv`,
          bom: q.bom === "true",
        });
      return c.json({ organisationId: org, grain: q.grain, rows: page.items, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/function-load",
      operationId: "getFunctionLoadTrend",
      tags: ["Trends"],
      summary: "Helpdesk load per HR function, in FTE",
      description:
        "Tickets, hours and the load in FTE of each HR function per ISO week or month, oldest period first and by function within it; paginated.",
      ...secured,
      request: { params: OrganisationParams, query: FunctionLoadQuery },
      responses: { 200: jsonOrCsv(FunctionLoadSchema, "load per function and period"), ...readProblems },
    }),
    async (c) => {
      const org = c.get("organisationId");
      const q = c.req.valid("query");
      const after = pageStart(c);
      const rows = (
        await functionLoadTrend(db, {
          organisationId: org,
          grain: q.grain,
          from: resumeFrom(q.from, after),
          to: q.to,
          hrFunction: q.function,
        })
      ).map(({ organisationId: _, ...r }) => r);
      const page = paginate(c, rows, { keyOf: (r) => [r.periodStart, r.hrFunction], after, limit: q.limit });
      if (wantsCsv(c, q.format))
        return csvResponse(c, page.items, LOAD_COLUMNS, {
          filename: `${org}-function-load-${q.grain}.csv`,
          bom: q.bom === "true",
        });
      const policy = (await loadOrganisation(db, org))?.policy ?? defaultPolicy;
      return c.json(
        {
          organisationId: org,
          grain: q.grain,
          thresholdFte: policy.thresholds.specialistRaiseFte,
          rows: page.items,
          next: page.next,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/hr-team",
      operationId: "getHrTeamTrend",
      tags: ["Trends"],
      summary: "HR team make-up over time",
      description:
        "Generalists and specialists per HR function in each day, ISO week or month, as of the period's last stored day, oldest period first; paginated.",
      ...secured,
      request: { params: OrganisationParams, query: HrTeamQuery },
      responses: { 200: jsonOrCsv(HrTeamSchema, "HR team per period"), ...readProblems },
    }),
    async (c) => {
      const org = c.get("organisationId");
      const q = c.req.valid("query");
      const after = pageStart(c);
      const rows = (
        await hrTeamTrend(db, { organisationId: org, grain: q.grain, from: resumeFrom(q.from, after), to: q.to })
      ).map(({ organisationId: _, day, ...r }) => ({ ...r, asOfDay: day }));
      const page = paginate(c, rows, { keyOf: (r) => [r.periodStart], after, limit: q.limit });
      if (wantsCsv(c, q.format)) {
        // one column per function rather than a JSON cell, so a spreadsheet can sum it
        const flat = page.items.map(({ specialists, ...r }) => ({
          ...r,
          ...Object.fromEntries(HR_FUNCTIONS.map((f) => [`specialists.${f}`, specialists[f] ?? 0])),
        }));
        return csvResponse(
          c,
          flat,
          ["period", "periodStart", "asOfDay", "generalists", ...HR_FUNCTIONS.map((f) => `specialists.${f}`)],
          { filename: `${org}-hr-team-${q.grain}.csv`, bom: q.bom === "true" },
        );
      }
      return c.json({ organisationId: org, grain: q.grain, rows: page.items, next: page.next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/organisations/{organisationId}/projections",
      operationId: "getLoadProjections",
      tags: ["Trends"],
      summary: "Projected threshold crossings per function",
      description:
        "Each function's load forecast as the load-forecast rule makes it from complete weeks, with the week it is projected to cross the specialist threshold; paginated.",
      ...secured,
      request: { params: OrganisationParams, query: ProjectionsQuery },
      responses: {
        200: {
          description: "each function's forecast, as the load-forecast rule makes it from complete weeks",
          content: { "application/json": { schema: ProjectionsSchema } },
        },
        ...readProblems,
      },
    }),
    async (c) => {
      const org = c.get("organisationId");
      const { at, limit } = c.req.valid("query");
      const after = pageStart(c);
      const evaluatedAt = at === undefined ? undefined : new Date(at).toISOString();
      const { projections, ...view } = await loadProjections(db, org, evaluatedAt);
      // the rule's own order, the fixed order of the functions
      const page = paginate(c, projections, { keyOf: (p) => [LOAD_BUCKETS.indexOf(p.hrFunction)], after, limit });
      return c.json({ organisationId: org, ...view, projections: page.items, next: page.next }, 200);
    },
  );
}
