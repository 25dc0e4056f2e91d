// Staffing digests: one organisation's plan, changes and projected crossings for one period,
// on a schedule, by e-mail and Microsoft Teams. The only writer of digest_periods and
// digest_deliveries (the digest's outbox): composing reads alerts through packages/alerts
// and projections through packages/queries.

/** The digest as an Adaptive Card, and the Teams webhook message that carries it. */
export { ADAPTIVE_CARD_VERSION, digestAdaptiveCard, escapeCardText, teamsMessage } from "./adaptive-card.ts";
/** The chart of load against thresholds: SVG (pure), and PNG without a browser. */
export { loadChartSvg, renderChartPng } from "./chart.ts";
/** Subscriptions (who gets which organisation's digest, when) and SMTP settings, as the analyzer configures them. */
export {
  DIGEST_DEFAULTS,
  type DigestSubscription,
  digestSubscriptionSchema,
  type SmtpSettings,
  subscriptionChannels,
} from "./config.ts";
/** Sends due digest deliveries with retries; the service passes its subscriptions, mailer and retry policy. */
export { type DigestDispatcherDeps, dispatchDueDigests, type SendMail } from "./dispatcher.ts";
/** A digest e-mail: parts, inline chart, list headers, deterministic Message-ID. */
export { CHART_CID, type DigestEmail, digestEmail, digestMessageId, type EmailSettings } from "./email.ts";
/** The digest model and its pure composition. */
export { CROSSING_HORIZON_WEEKS, composeDigest, type Digest, type DigestInput, digestTitle } from "./model.ts";
/** The digest as HTML and as plain text. */
export { renderDigestHtml } from "./render-html.ts";
export { renderDigestText } from "./render-text.ts";
/** The schedule: which period an instant falls in, in the organisation's zone. */
export { DEFAULT_DIGEST_CRON, digestPeriodAt, isValidDigestCron } from "./schedule.ts";
/** The SMTP transport (nodemailer). */
export { createSmtpSender, type SmtpSender } from "./smtp.ts";
/** Composing (reads at the edge) and the period claim with its deliveries (one transaction). */
export {
  type ComposedDigest,
  composeDigestFor,
  countPendingDigestDeliveries,
  type DigestScheduleDeps,
  queueDueDigests,
  type ScheduleResult,
} from "./store.ts";
