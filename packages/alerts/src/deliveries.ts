import {
  type CloudEvent,
  STAFFING_ALERT_EVENT_TYPE,
  STAFFING_ALERT_SOURCE,
  type StaffingAlert,
  type StaffingAlertV1,
} from "@hr-radar/events";
import type { DeliveredChangeKind } from "./alert-plan.ts";

/** Where alert changes go: the Kafka topic, or a webhook with a body format. */
export type DeliveryChannel =
  | { id: "kafka"; kind: "kafka"; topic: string }
  | {
      id: `webhook:${string}`;
      kind: "webhook";
      name: string;
      url: string;
      format: "json" | "slack";
      /** The HMAC key every delivery is signed with (Standard Webhooks). */
      signingKey: Buffer;
      /** The operator allowed a loopback, link-local or private target. */
      allowPrivate: boolean;
    };

/**
 * An alert's state after a delivered change, in the contract's own types, so a message is
 * built from the data in hand without re-reading (or casting) the stored row.
 */
export type AlertState = Omit<StaffingAlert, "change" | "organisationName">;

/**
 * A change as queued in the outbox: v2 (one alert per organisation x function, with
 * reasons), or v1 for a change recorded before the upgrade and not yet delivered.
 */
export type QueuedAlertEvent = CloudEvent<StaffingAlert> | CloudEvent<StaffingAlertV1>;

/** One change of one alert, with what a message about it needs. */
export interface AlertChange {
  alert: AlertState;
  organisationName: string;
  change: DeliveredChangeKind;
  historyId: number;
  at: string;
}

/**
 * The change as a CloudEvent. Its id names the alert and the history row, so the same
 * change always has the same id: it is the idempotency key of every delivery of it.
 */
export function alertCloudEvent({
  alert,
  organisationName,
  change,
  historyId,
  at,
}: AlertChange): CloudEvent<StaffingAlert> {
  return {
    specversion: "1.0",
    id: `hr-radar:alert:${alert.alertId}:${historyId}`,
    source: STAFFING_ALERT_SOURCE,
    type: STAFFING_ALERT_EVENT_TYPE,
    subject: `${alert.organisationId}/${alert.hrFunction}`,
    time: at,
    datacontenttype: "application/json",
    data: {
      change,
      alertId: alert.alertId,
      organisationId: alert.organisationId,
      organisationName,
      hrFunction: alert.hrFunction,
      ruleId: alert.ruleId,
      ruleVersion: alert.ruleVersion,
      firedRules: alert.firedRules,
      status: alert.status,
      recommendation: alert.recommendation,
      severity: alert.severity,
      summary: alert.summary,
      evidence: alert.evidence,
      reasons: alert.reasons,
      openedAt: new Date(alert.openedAt).toISOString(),
      resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt).toISOString(),
    },
  };
}

/**
 * The body a channel receives. Kafka and generic webhooks get the CloudEvent itself (the
 * structured JSON form); Slack-compatible webhooks get a message with the summary.
 */
export function deliveryPayload(channel: DeliveryChannel, event: QueuedAlertEvent): Record<string, unknown> {
  if (channel.kind === "webhook" && channel.format === "slack") return slackMessage(event);
  return { ...event };
}

const CHANGE_WORDS: Record<StaffingAlert["change"], string> = {
  raised: "New staffing alert",
  escalated: "Staffing alert escalated",
  changed: "Staffing alert changed",
  resolved: "Staffing alert resolved",
};

/**
 * Escapes Slack's mrkdwn control characters, so text from the data (an organisation named
 * `<!channel>`, a summary with `<https://evil|click>`) is shown, never read as a mention or link.
 */
export function escapeSlackText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * A Slack incoming-webhook message (also understood by Mattermost and Rocket.Chat): the
 * recommendation's summary, then one line per reason when several rules back it.
 */
export function slackMessage(event: QueuedAlertEvent): Record<string, unknown> {
  const a = event.data;
  const e = escapeSlackText;
  const title = `${CHANGE_WORDS[a.change]}: ${e(a.organisationName)}, ${e(a.hrFunction.replaceAll("_", " "))}`;
  const reasons = "reasons" in a ? a.reasons : [{ ruleId: a.ruleId, ruleVersion: a.ruleVersion, summary: a.summary }];
  const also = reasons
    .filter((r) => r.ruleId !== a.ruleId)
    .map((r) => `\`${e(r.ruleId)}\` v${r.ruleVersion}`)
    .join(", ");
  const facts =
    `*${e(a.recommendation.replaceAll("_", " "))}* · severity ${e(a.severity)} · rule \`${e(a.ruleId)}\` v${a.ruleVersion}` +
    (also === "" ? "" : ` · also ${also}`);
  const summary = e(a.summary);
  const reasonList =
    reasons.length > 1
      ? [
          {
            type: "section",
            text: { type: "mrkdwn", text: reasons.map((r) => `• \`${e(r.ruleId)}\`: ${e(r.summary)}`).join("\n") },
          },
        ]
      : [];
  return {
    text: `${title}: ${summary}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: summary } },
      ...reasonList,
      { type: "context", elements: [{ type: "mrkdwn", text: `${facts} · alert ${a.alertId} · ${e(event.id)}` }] },
    ],
  };
}
