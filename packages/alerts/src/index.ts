// The alert lifecycle, and the only writer of the alerts, alert_history and alert_outbox
// tables: planning changes from findings, storing them with their history and outbox rows,
// delivering the outbox, acknowledging, and reading alerts back.

/** A person's acknowledgement of an open alert. */
export { acknowledgeAlert } from "./acknowledge.ts";
/** Plans the alert changes an evaluation calls for (pure). */
export { planAlertActions } from "./alert-plan.ts";
/** Writes planned alert changes, their history and their outbox rows in the caller's transaction. */
export { applyAlertActions, readOpenAlerts } from "./alert-store.ts";
/** Where alert changes are delivered (built by the service from its environment). */
export type { DeliveryChannel } from "./deliveries.ts";
/** Sends due outbox rows with retries; the service passes its channels and retry policy. */
export { type DispatcherDeps, dispatchDue, type RetryPolicy } from "./dispatcher.ts";
/** Alerts as users see them (API, CLI), and the counts the analyzer's metrics report. */
export {
  ALERT_STATUS_FILTERS,
  type AlertStatusFilter,
  type AlertView,
  alertStatusFilterSchema,
  countAlertsByStatus,
  countPendingDeliveries,
  findAlert,
  listAlerts,
} from "./reads.ts";
