import { DEFAULT_TOPICS, timeZoneSchema } from "@hr-radar/events";
import { commonEnvSchema, loadEnv, opsEnvShape, positiveIntVar } from "@hr-radar/service-kit";
import cron from "node-cron";
import { z } from "zod";

/** A webhook that receives alert changes: a generic JSON body, or a Slack-compatible one. */
export const webhookSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "letters, digits, - and _"),
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(["json", "slack"]).default("json"),
});

/** ALERT_WEBHOOKS: a JSON array of webhooks, e.g. [{"name":"hr-ops","url":"https://...","format":"slack"}]. */
const webhooksVar = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'not JSON: expected [{"name":...,"url":...,"format":"json"|"slack"}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(webhookSchema));

/** analyzer configuration, read once at start-up. */
export const envSchema = commonEnvSchema.extend({
  ...opsEnvShape(9103),
  ALERTS_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.alerts),
  /** When to analyse (node-cron syntax, optional seconds field). Default: daily at 06:00. */
  ANALYZER_CRON: z
    .string()
    .default("0 6 * * *")
    .refine((expr) => cron.validate(expr), "not a valid cron expression"),
  /** The time zone the cron expression is read in. */
  ANALYZER_TIMEZONE: timeZoneSchema.default("UTC"),
  /** Organisations evaluated per transaction. */
  ANALYZER_BATCH_SIZE: positiveIntVar(200),
  /** Batches evaluated at once, each on its own connection. */
  ANALYZER_CONCURRENCY: positiveIntVar(1),
  ALERT_WEBHOOKS: webhooksVar,
  /** Webhook request timeout. */
  WEBHOOK_TIMEOUT_MS: positiveIntVar(10_000),
  /** How often the outbox is checked for due deliveries. */
  OUTBOX_POLL_MS: positiveIntVar(2_000),
  /** First retry delay; doubles per attempt up to OUTBOX_MAX_RETRY_MS. */
  OUTBOX_RETRY_BASE_MS: positiveIntVar(5_000),
  OUTBOX_MAX_RETRY_MS: positiveIntVar(3_600_000),
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
