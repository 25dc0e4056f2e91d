import { hrFunctionSchema, recommendationSchema, severitySchema } from "@hr-radar/policy";
import { z } from "zod";
import { organisationIdSchema } from "./primitives.ts";

/** CloudEvents `type` of the staffing alerts the analyzer publishes (topic `staffing.alerts.v1`). */
export const STAFFING_ALERT_EVENT_TYPE = "hrradar.staffing.alert.v1";

/** The CloudEvents `source` of every staffing alert. */
export const STAFFING_ALERT_SOURCE = "urn:hr-radar:analyzer";

/**
 * A change to a staffing alert, as delivered to Kafka and webhooks. The CloudEvent `id`
 * is the delivery's idempotency key: the same change is always the same id, so a receiver
 * drops repeats by it.
 */
export const staffingAlertSchema = z.object({
  change: z.enum(["raised", "escalated", "changed", "resolved"]),
  alertId: z.number().int(),
  organisationId: organisationIdSchema,
  organisationName: z.string(),
  hrFunction: hrFunctionSchema,
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  firedRules: z.array(z.object({ ruleId: z.string(), version: z.number().int() })),
  status: z.enum(["open", "acknowledged", "resolved"]),
  recommendation: recommendationSchema,
  severity: severitySchema,
  summary: z.string(),
  /** The numbers, window, thresholds and trend behind the recommendation. */
  evidence: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type StaffingAlert = z.infer<typeof staffingAlertSchema>;
