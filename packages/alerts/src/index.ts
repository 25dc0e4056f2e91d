// The alert lifecycle, and the only writer of the alerts, alert_history, alert_outbox,
// alert_channels and alert_deliveries tables: planning changes from findings, storing them
// with their history and outbox rows, delivering the outbox to the dispatching process's
// channels, acknowledging, and reading alerts back.

/** A person's acknowledgement of an open alert. */
export { acknowledgeAlert } from "./acknowledge.ts";
/** Plans the alert changes an evaluation calls for (pure). */
export { planAlertActions } from "./alert-plan.ts";
/** Writes planned alert changes, their history and their outbox rows in the caller's transaction. */
export { applyAlertActions, readOpenAlerts } from "./alert-store.ts";
/** Where alert changes are delivered (built by the service from its environment). */
export type { DeliveryChannel } from "./deliveries.ts";
/** Sends outbox changes to the dispatching process's channels with retries; the service passes its channels and retry policy. */
export {
  backoffMs,
  DEFAULT_NEW_CHANNEL_BACKFILL_MS,
  type DispatcherDeps,
  dispatchDue,
  type RetryPolicy,
} from "./dispatcher.ts";
/** Alerts as users see them (API, CLI, digests: the plan and the changes as of an instant), and the counts the analyzer's metrics and `hr-radar status` report. */
export {
  ALERT_STATUS_FILTERS,
  type AlertAsOf,
  type AlertChangeRecord,
  type AlertStatusFilter,
  type AlertView,
  type AnalysisRun,
  alertChangesBetween,
  alertStatusFilterSchema,
  alertsOpenAt,
  type ChannelBacklog,
  countAlertsByStatus,
  countPendingDeliveries,
  deliveryBacklogByChannel,
  findAlert,
  lastCompletedAnalysis,
  listAlerts,
} from "./reads.ts";
/** Standard Webhooks signing: the secret format (`whsec_<base64>`) and the signature headers. */
export { parseWebhookSecret, signWebhook } from "./webhook-signing.ts";
/** Refusing webhook targets on loopback, link-local and private addresses. */
export { isPrivateAddress, privateTargetOf, type ResolveHost } from "./webhook-target.ts";
