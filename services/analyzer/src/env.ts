import { readFileSync } from "node:fs";
import { parseWebhookSecret } from "@hr-radar/alerts";
import {
  DEFAULT_DIGEST_CRON,
  type DigestSubscription,
  digestSubscriptionSchema,
  isValidDigestCron,
} from "@hr-radar/digest";
import { DEFAULT_TOPICS, timeZoneSchema } from "@hr-radar/events";
import { commonEnvSchema, loadEnv, opsEnvShape, positiveIntVar } from "@hr-radar/service-kit";
import cron from "node-cron";
import { z } from "zod";

/**
 * A webhook that receives alert changes: a generic JSON body, or a Slack-compatible one.
 * Every delivery is signed (Standard Webhooks), so a secret is required: a webhook without
 * one is refused at start-up rather than sent unsigned. `secretFile` names a file holding
 * the secret (a mounted secret), read once at start-up.
 */
export const webhookSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "letters, digits, - and _"),
    url: z.url({ protocol: /^https?$/ }),
    format: z.enum(["json", "slack"]).default("json"),
    secret: z.string().optional(),
    secretFile: z.string().min(1).optional(),
    /** Allows a loopback, link-local or private target for this webhook. */
    allowPrivate: z.boolean().default(false),
  })
  .transform(({ secret, secretFile, ...webhook }, ctx) => {
    let text = secret;
    if (text === undefined && secretFile !== undefined) {
      try {
        text = readFileSync(secretFile, "utf8").trim();
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          path: ["secretFile"],
          message: `cannot read ${secretFile}: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    }
    if (text === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["secret"],
        message: `webhook ${webhook.name} has no secret: set "secret": "whsec_<base64 key>" or "secretFile" (deliveries are signed)`,
      });
      return z.NEVER;
    }
    const parsed = parseWebhookSecret(text);
    if (!parsed.success) {
      ctx.addIssue({
        code: "custom",
        path: [secret === undefined ? "secretFile" : "secret"],
        message: `webhook ${webhook.name}: ${parsed.error}`,
      });
      return z.NEVER;
    }
    return { ...webhook, signingKey: parsed.key };
  });

/**
 * ALERT_WEBHOOKS: a JSON array of webhooks, e.g.
 * [{"name":"hr-ops","url":"https://...","format":"slack","secret":"whsec_..."}].
 */
const webhooksVar = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: 'not JSON: expected [{"name":...,"url":...,"format":"json"|"slack","secret":"whsec_..."}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(webhookSchema));

/** A JSON variable read as raw JSON, its entries checked against the rest of the environment. */
const jsonArrayVar = (example: string) =>
  z
    .string()
    .default("[]")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: `not JSON: expected ${example}` });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.unknown()));

const booleanVar = z
  .enum(["true", "false"], { message: "true or false" })
  .default("false")
  .transform((v) => v === "true");

/** analyzer configuration, read once at start-up. */
const envObjectSchema = commonEnvSchema.extend({
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
  ANALYZER_BATCH_SIZE: positiveIntVar(25),
  /** Batches evaluated at once, each on its own connection. */
  ANALYZER_CONCURRENCY: positiveIntVar(1),
  ALERT_WEBHOOKS: webhooksVar,
  /** `true` allows loopback, link-local and private webhook targets (a receiver on this host or network). */
  ALERT_WEBHOOKS_ALLOW_PRIVATE: z
    .enum(["true", "false"], { message: "true or false" })
    .default("false")
    .transform((v) => v === "true"),
  /** A newly configured channel gets the alert changes recorded this long before it first appeared. */
  ALERT_NEW_CHANNEL_BACKFILL_HOURS: positiveIntVar(24),
  /** Webhook request timeout. */
  WEBHOOK_TIMEOUT_MS: positiveIntVar(10_000),
  /** How often the outbox is checked for due deliveries. */
  OUTBOX_POLL_MS: positiveIntVar(2_000),
  /** First retry delay; doubles per attempt up to OUTBOX_MAX_RETRY_MS. */
  OUTBOX_RETRY_BASE_MS: positiveIntVar(5_000),
  OUTBOX_MAX_RETRY_MS: positiveIntVar(3_600_000),
  /**
   * Which organisations get a staffing digest, to whom, and when, e.g.
   * [{"organisation":"acme","email":["dana@acme.example"],"teams":"https://…","cron":"0 8 * * 1"}].
   */
  DIGEST_ORGANISATIONS: jsonArrayVar('[{"organisation":"acme","email":["dana@acme.example"],"teams":"https://..."}]'),
  /** The digest schedule of an entry that names none (node-cron syntax, read in each organisation's zone). */
  DIGEST_CRON: z.string().default(DEFAULT_DIGEST_CRON).refine(isValidDigestCron, "not a valid cron expression"),
  /** `true` sends a digest even when nothing is open and nothing changed. */
  DIGEST_SEND_WHEN_QUIET: booleanVar,
  /** A period whose instant passed longer ago than this (the analyzer was down) is not sent late. */
  DIGEST_CATCH_UP_HOURS: positiveIntVar(24),
  /** The dashboard link in every digest. */
  DIGEST_DASHBOARD_URL: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8080/dashboard/"),
  /** `From:` of digest e-mails. */
  DIGEST_FROM: z.string().min(3).default("hr-radar <hr-radar@localhost>"),
  /** One-click unsubscribe URL template (https; `{organisation}`, `{recipient}`); unset: mailto: the sender only. */
  DIGEST_UNSUBSCRIBE_URL: z.url({ protocol: /^https$/, error: "an https:// URL (RFC 8058)" }).optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  /** `starttls` (default, port 587), `tls` (port 465), or `none` (a relay on this host). */
  SMTP_TLS: z.enum(["starttls", "tls", "none"]).default("starttls"),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TIMEOUT_MS: positiveIntVar(30_000),
});

/** analyzer configuration, read once at start-up: digest entries are checked with the defaults they fall back on. */
export const envSchema = envObjectSchema.transform((env, ctx) => {
  const entry = digestSubscriptionSchema({ cron: env.DIGEST_CRON, sendWhenQuiet: env.DIGEST_SEND_WHEN_QUIET });
  const subscriptions: DigestSubscription[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of env.DIGEST_ORGANISATIONS.entries()) {
    const parsed = entry.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", path: ["DIGEST_ORGANISATIONS", i, ...issue.path], message: issue.message });
      return z.NEVER;
    }
    if (seen.has(parsed.data.organisationId)) {
      ctx.addIssue({
        code: "custom",
        path: ["DIGEST_ORGANISATIONS", i, "organisation"],
        message: `${parsed.data.organisationId} is listed twice`,
      });
      return z.NEVER;
    }
    seen.add(parsed.data.organisationId);
    subscriptions.push(parsed.data);
  }
  if (env.SMTP_HOST === undefined && subscriptions.some((s) => s.email.length > 0)) {
    ctx.addIssue({
      code: "custom",
      path: ["SMTP_HOST"],
      message: "required when DIGEST_ORGANISATIONS has e-mail recipients",
    });
    return z.NEVER;
  }
  const { DIGEST_ORGANISATIONS: _raw, ...rest } = env;
  return { ...rest, DIGEST_SUBSCRIPTIONS: subscriptions };
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
