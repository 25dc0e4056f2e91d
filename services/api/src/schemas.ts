import { z } from "@hono/zod-openapi";
import { ALERT_STATUS_FILTERS } from "@hr-radar/alerts";
import { HR_FUNCTIONS, UNMAPPED } from "@hr-radar/policy";
import { checkDateWindow, isCalendarDate } from "@hr-radar/queries";
import { GRAINS } from "@hr-radar/trends";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination.ts";

// The API's wire shapes, one place: they validate requests, type the handlers and are
// the source of the OpenAPI document. Query schemas are strict: a misspelt parameter is a
// 400 naming it, not a filter silently ignored.

// A calendar date, not just its shape, by the check the CLI applies too: 2026-02-30 passed
// a pattern and failed in Postgres (500).
const day = z
  .string()
  .refine(isCalendarDate, "expected a calendar date YYYY-MM-DD")
  .openapi({ format: "date", example: "2026-11-02" });
// Postgres text cannot hold NUL, so one would fail in the database (500) instead of here.
const text = () => z.string().refine((value) => !value.includes("\u0000"), "must not contain NUL characters");
const instant = z.string().openapi({ format: "date-time", example: "2026-11-02T06:00:00.000Z" });
const loadBucket = z.enum([...HR_FUNCTIONS, UNMAPPED]);

export const OrganisationParams = z.object({
  organisationId: text()
    .min(1)
    .max(128)
    .openapi({ param: { name: "organisationId", in: "path" }, example: "rocket-labs" }),
});
export const AlertParams = OrganisationParams.extend({
  alertId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "alertId", in: "path" }, example: 42 }),
});

const csvParams = {
  format: z
    .enum(["json", "csv"])
    .optional()
    .openapi({ description: "csv: text/csv instead of JSON (or send Accept: text/csv)" }),
  bom: z.enum(["true", "false"]).optional().openapi({
    description: "true: start the CSV with a UTF-8 byte order mark, so spreadsheet programs read it as UTF-8",
  }),
};
const pageParams = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ description: `rows per page, at most ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` }),
  cursor: text().min(1).max(2048).optional().openapi({
    description: "where the page starts: the cursor of the previous page's `next` link (opaque)",
  }),
};
const range = {
  from: day.optional().openapi({ description: "first day (inclusive); default 26 weeks before `to`" }),
  to: day.optional().openapi({ description: "last day (inclusive); default the newest stored day" }),
};
/** `from` not after `to`, reported on `from` as the CLI reports it. */
const windowInOrder = (q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) => {
  // a bound that is no date has its own issue already
  if (![q.from, q.to].every((bound) => bound === undefined || isCalendarDate(bound))) return;
  const problem = checkDateWindow(q);
  if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
};
export const HeadcountQuery = z
  .strictObject({ ...range, grain: z.enum(GRAINS).default("week"), ...csvParams, ...pageParams })
  .superRefine(windowInOrder);
export const FunctionLoadQuery = z
  .strictObject({
    ...range,
    grain: z.enum(["week", "month"]).default("week"),
    function: loadBucket.optional(),
    ...csvParams,
    ...pageParams,
  })
  .superRefine(windowInOrder);
export const HrTeamQuery = z
  .strictObject({ ...range, grain: z.enum(GRAINS).default("week"), ...csvParams, ...pageParams })
  .superRefine(windowInOrder);
export const AlertsQuery = z.strictObject({
  status: z.enum(ALERT_STATUS_FILTERS).default("active"),
  function: loadBucket.optional(),
  ...csvParams,
  ...pageParams,
});
/** Reads with no parameters still refuse unknown ones. */
export const NoQuery = z.strictObject({});
/** One alert, JSON or CSV. */
export const AlertQuery = z.strictObject({ ...csvParams });

export const ProjectionsQuery = z.strictObject({
  at: z.iso.datetime({ offset: true, error: "expected an ISO instant, e.g. 2026-11-09T06:00:00Z" }).optional().openapi({
    description:
      "evaluate as of this instant (default now), as `hr-radar analyze --at` does; the week containing it is in progress and not read",
    example: "2026-11-09T06:00:00Z",
  }),
  ...pageParams,
});

/** The link to the next page (relative to this API), or null on the last page; also sent as a Link header. */
const next = z.string().nullable().openapi({
  description:
    'the next page\'s URL, relative to this API; null on the last page. Also sent as `Link: <...>; rel="next"`',
  example: "/api/v1/organisations/acme/headcount?limit=2&cursor=eyJxIjoi...",
});

export const MeSchema = z.object({ organisationId: z.string(), tokenName: z.string() }).openapi("Me");

export const OrganisationSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    timeZone: z.string(),
    latest: z
      .object({
        day,
        headcount: z.number().int(),
        openRequisitions: z.number().int().nullable(),
        plannedHeadcount: z.number().int().nullable(),
        plannedBy: day.nullable(),
      })
      .nullable(),
    hrTeam: z.object({ day, generalists: z.number(), specialists: z.record(z.string(), z.number()) }).nullable(),
    thresholds: z.object({
      specialistRaiseFte: z.number(),
      specialistClearFte: z.number(),
      fteHoursPerWeek: z.number(),
    }),
    policyError: z.object({ path: z.string(), message: z.string() }).nullable().openapi({
      description:
        "set when the stored policy overrides no longer resolve (a newer policy schema): the thresholds are then the defaults, and the analyzer skips the organisation",
    }),
    trends: z
      .object({
        current: z.boolean().openapi({
          description: "false while the trends are quarantined or a change has waited over a minute to be derived",
        }),
        quarantinedSince: z.iso.datetime().nullable().openapi({
          description:
            "set when this organisation's data made its trends fail to derive: they are not current since then",
        }),
        reason: z.string().nullable().openapi({ description: "the database's error for the failed derivation" }),
      })
      .openapi({ description: "whether the trends (and alerts) reflect the latest facts" }),
    categoryMapping: z
      .array(
        z.object({
          category: z.string(),
          hrFunction: z.string().openapi({ example: "benefits" }),
          source: z.enum(["profile", "default", "unmapped"]),
        }),
      )
      .openapi({
        description:
          "the helpdesk-category mapping in force: each category the profile maps or the helpdesk sent, the function its load counts under (`unmapped` when none), and whether the profile's mapping or the default names decided it",
      }),
  })
  .openapi("Organisation");

const period = { period: z.string().openapi({ example: "2026-W45" }), periodStart: day };
const complete = z.boolean().openapi({
  description:
    "false for the week in progress in the organisation's time zone (weeks start Monday), or the month or day holding it: its figures are so far, and no rule, average or headline reads them",
});
export const HeadcountSchema = z
  .object({
    organisationId: z.string(),
    grain: z.enum(GRAINS),
    rows: z.array(
      z.object({
        ...period,
        headcount: z.number().int(),
        hires: z.number().int(),
        terminations: z.number().int(),
        openRequisitions: z.number().int().nullable(),
        complete,
      }),
    ),
    next,
  })
  .openapi("HeadcountTrend");

export const FunctionLoadSchema = z
  .object({
    organisationId: z.string(),
    grain: z.enum(["week", "month"]),
    thresholdFte: z
      .number()
      .openapi({ description: "load at which a specialist is justified (policy thresholds.specialistRaiseFte)" }),
    rows: z.array(
      z.object({
        ...period,
        hrFunction: z.string(),
        ticketsOpened: z.number().int(),
        ticketsResolved: z.number().int(),
        ticketsEscalated: z.number().int(),
        handlingHours: z.number(),
        estimatedHours: z.number(),
        loadFte: z.number().openapi({ description: "average weekly load over the period, in FTE" }),
        backlog: z.number().int(),
        complete,
      }),
    ),
    next,
  })
  .openapi("FunctionLoadTrend");

export const HrTeamSchema = z
  .object({
    organisationId: z.string(),
    grain: z.enum(GRAINS),
    rows: z.array(
      z.object({
        ...period,
        asOfDay: day.openapi({ description: "the period's last stored day: the figures are that day's" }),
        generalists: z.number(),
        specialists: z
          .record(z.string(), z.number())
          .openapi({ description: "specialists per HR function (in CSV, one `specialists.<function>` column each)" }),
      }),
    ),
    next,
  })
  .openapi("HrTeamTrend");

export const AlertReasonSchema = z
  .object({
    ruleId: z.string(),
    ruleVersion: z.number().int(),
    recommendation: z.string().openapi({ description: "what this rule alone called for" }),
    severity: z.string(),
    summary: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    firedRules: z.array(z.object({ ruleId: z.string(), version: z.number().int() })),
  })
  .openapi("AlertReason");
export const AlertSchema = z
  .object({
    alertId: z.number().int(),
    organisationId: z.string(),
    hrFunction: z.string(),
    ruleId: z.string().openapi({ description: "the lead reason's rule (the most severe); every rule is in reasons" }),
    ruleVersion: z.number().int(),
    status: z.enum(["open", "acknowledged", "resolved"]),
    recommendation: z.string(),
    severity: z.string(),
    firedRules: z.array(z.object({ ruleId: z.string(), version: z.number().int() })),
    summary: z.string(),
    evidence: z.record(z.string(), z.unknown()).openapi({ description: "the lead reason's evidence" }),
    reasons: z.array(AlertReasonSchema).openapi({
      description: "every rule behind the recommendation, the lead first, each with its own evidence",
    }),
    openedAt: instant,
    updatedAt: instant,
    acknowledgedAt: instant.nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: instant.nullable(),
  })
  .openapi("Alert", {
    description: "One staffing recommendation per organisation x function, with every reason that supports it",
  });
export const AlertsSchema = z
  .object({ organisationId: z.string(), alerts: z.array(AlertSchema), next })
  .openapi("Alerts");
export const AcknowledgeBody = z
  .object({ by: text().trim().min(1).max(200).openapi({ example: "Dana (people ops)" }) })
  .openapi("Acknowledgement");

export const ProjectionsSchema = z
  .object({
    organisationId: z.string(),
    asOf: day.nullable().openapi({ description: "Monday of the last complete week the projections start from" }),
    evaluatedAt: instant,
    projections: z.array(
      z.object({
        hrFunction: z.string(),
        currentFte: z
          .number()
          .openapi({ description: "mean load over the sustain window, beyond the specialists in post" }),
        slopeFtePerWeek: z.number().openapi({ description: "least-squares slope of the weekly load" }),
        thresholdFte: z.number(),
        projectedCrossing: day
          .nullable()
          .openapi({ description: "Monday of the crossing week: the load-forecast alert's expectedDate" }),
        weeksToCrossing: z.number().int().nullable(),
        basis: z
          .enum(["load-trend", "headcount-plan", "headcount-trend", "hiring-plan", "hiring-trend"])
          .nullable()
          .openapi({ description: "the projection that crosses first; null when none does or already over" }),
      }),
    ),
    next,
  })
  .openapi("LoadProjections");
