import { z } from "zod";
import { DEFAULT_DIGEST_CRON, isValidDigestCron } from "./schedule.ts";

/** Who receives one organisation's digest, and when. */
export interface DigestSubscription {
  organisationId: string;
  /** One delivery (channel `email:<address>`) per recipient, so each has its own unsubscribe link and retries. */
  email: string[];
  /** A Teams incoming-webhook or Workflows URL (channel `teams`), or null. */
  teams: { url: string; allowPrivate: boolean } | null;
  /** node-cron syntax, read in the organisation's own time zone. */
  cron: string;
  /** Send even when nothing is open and nothing changed. */
  sendWhenQuiet: boolean;
}

/** SMTP connection settings (from the analyzer's environment). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required (587); `none`: plain (a local relay or catcher only). */
  security: "tls" | "starttls" | "none";
  user: string | null;
  password: string | null;
  /** Connection, greeting and socket time limit. */
  timeoutMs: number;
}

const organisationIdPattern = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

/**
 * One entry of the analyzer's digest configuration, e.g.
 * `{"organisation":"acme","email":["dana@acme.example"],"teams":"https://…","cron":"0 8 * * 1"}`.
 * `defaults` supply the cron expression and the quiet-digest choice an entry leaves out.
 */
export function digestSubscriptionSchema(defaults: { cron: string; sendWhenQuiet: boolean }) {
  return z
    .object({
      organisation: z.string().regex(organisationIdPattern, "an organisation id"),
      email: z.array(z.email()).max(100).default([]),
      teams: z.url({ protocol: /^https?$/ }).optional(),
      /** Allows a loopback, link-local or private Teams URL (a receiver on this host or network). */
      allowPrivate: z.boolean().default(false),
      cron: z.string().refine(isValidDigestCron, "not a valid cron expression").optional(),
      sendWhenQuiet: z.boolean().optional(),
    })
    .strict()
    .refine((s) => s.email.length > 0 || s.teams !== undefined, 'needs "email" recipients or a "teams" URL')
    .transform(
      (s): DigestSubscription => ({
        organisationId: s.organisation,
        email: [...new Set(s.email.map((a) => a.toLowerCase()))],
        teams: s.teams === undefined ? null : { url: s.teams, allowPrivate: s.allowPrivate },
        cron: s.cron ?? defaults.cron,
        sendWhenQuiet: s.sendWhenQuiet ?? defaults.sendWhenQuiet,
      }),
    );
}

/** The default schedule and quiet choice, for an entry that names neither. */
export const DIGEST_DEFAULTS = { cron: DEFAULT_DIGEST_CRON, sendWhenQuiet: false } as const;

/** The delivery channels of one subscription, as `digest_deliveries.channel` names them. */
export function subscriptionChannels(subscription: DigestSubscription): string[] {
  return [...subscription.email.map((a) => `email:${a}`), ...(subscription.teams === null ? [] : ["teams"])];
}
