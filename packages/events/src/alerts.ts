import { hrFunctionSchema, recommendationSchema, severitySchema } from "@hr-radar/policy";
import { z } from "zod";
import { organisationIdSchema } from "./primitives.ts";

/**
 * CloudEvents `type` of the staffing alerts the analyzer publishes (topic `staffing.alerts.v1`):
 * one alert per organisation x function, with every rule that backs it in `reasons`.
 */
export const STAFFING_ALERT_EVENT_TYPE = "hrradar.staffing.alert.v2";

/**
 * The previous type, one alert per organisation x function x rule: still the type of any
 * change recorded before the upgrade and delivered after it.
 */
export const STAFFING_ALERT_V1_EVENT_TYPE = "hrradar.staffing.alert.v1";

/** The CloudEvents `source` of every staffing alert. */
export const STAFFING_ALERT_SOURCE = "urn:hr-radar:analyzer";

/** The rules (id and version) that shaped a finding. */
export const firedRulesSchema = z.array(z.object({ ruleId: z.string(), version: z.number().int() }));

/** The v1 payload: one rule per alert. */
export const staffingAlertV1Schema = z.object({
  change: z.enum(["raised", "escalated", "changed", "resolved"]),
  alertId: z.number().int(),
  organisationId: organisationIdSchema,
  organisationName: z.string(),
  hrFunction: hrFunctionSchema,
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  firedRules: firedRulesSchema,
  status: z.enum(["open", "acknowledged", "resolved"]),
  recommendation: recommendationSchema,
  severity: severitySchema,
  summary: z.string(),
  /** The numbers, window, thresholds and trend behind the recommendation. */
  evidence: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
/** A v1 staffing alert change. */
export type StaffingAlertV1 = z.infer<typeof staffingAlertV1Schema>;

/** One rule's support for an alert's recommendation, with its own evidence. */
export const staffingAlertReasonSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  /** What this rule alone called for; the alert's recommendation is its lead reason's. */
  recommendation: recommendationSchema,
  severity: severitySchema,
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  /** The rules that shaped this reason, its own first. */
  firedRules: firedRulesSchema,
});

/**
 * A change to a staffing alert, as delivered to Kafka and webhooks: one alert per
 * organisation x function. `ruleId`/`ruleVersion`/`summary`/`evidence` are the lead
 * reason's (the most severe); `reasons` lists every rule that backs the recommendation.
 * `changed` also covers a rule joining or leaving the reasons. The CloudEvent `id` is the
 * delivery's idempotency key: the same change is always the same id, so a receiver drops
 * repeats by it.
 */
export const staffingAlertSchema = staffingAlertV1Schema.extend({
  reasons: z.array(staffingAlertReasonSchema).min(1),
});
/** A v2 staffing alert change. */
export type StaffingAlert = z.infer<typeof staffingAlertSchema>;
