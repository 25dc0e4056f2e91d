import { schema, type Transaction } from "@hr-radar/db";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { AlertAction, AlertChangeKind, StoredAlert } from "./alert-plan.ts";
import { DELIVERED_CHANGES } from "./alert-plan.ts";
import { type AlertChange, alertCloudEvent, type DeliveryChannel, deliveryPayload } from "./deliveries.ts";

const { alerts } = schema;

/** Open and acknowledged alerts of some organisations. */
export async function readOpenAlerts(tx: Transaction, organisationIds: readonly string[]): Promise<StoredAlert[]> {
  if (organisationIds.length === 0) return [];
  const rows = await tx
    .select()
    .from(alerts)
    .where(and(inArray(alerts.organisationId, [...organisationIds]), ne(alerts.status, "resolved")));
  return rows as StoredAlert[];
}

/** Counts of what a batch changed. */
export interface AppliedActions {
  raised: number;
  resolved: number;
  changed: number;
}

/**
 * Applies planned actions in the batch's transaction: the alert rows, one history row per
 * change, and one outbox row per delivered change and channel. All or nothing, with the
 * rest of the batch.
 */
export async function applyAlertActions(
  tx: Transaction,
  actions: readonly AlertAction[],
  context: {
    runId: number;
    at: string;
    channels: readonly DeliveryChannel[];
    organisationNames: ReadonlyMap<string, string>;
  },
): Promise<AppliedActions> {
  const changes: { alertId: number; change: AlertChangeKind }[] = [];
  const raises = actions.flatMap((a) => (a.kind === "raise" ? [a.finding] : []));
  if (raises.length > 0) {
    // One jsonb parameter instead of thousands of bound values: a first run raises
    // several alerts per organisation, and building the multi-row VALUES cost more than the insert.
    const rows = raises.map((f) => ({
      organisation_id: f.organisationId,
      hr_function: f.hrFunction,
      rule_id: f.ruleId,
      rule_version: f.ruleVersion,
      recommendation: f.recommendation,
      severity: f.severity,
      fired_rules: f.firedRules,
      summary: f.summary,
      evidence: f.evidence,
    }));
    const inserted = (
      await tx.execute<{ alert_id: string | number }>(sql`
        insert into alerts (organisation_id, hr_function, rule_id, rule_version, recommendation, severity,
          fired_rules, summary, evidence, opened_at, updated_at)
        select r.organisation_id, r.hr_function, r.rule_id, r.rule_version, r.recommendation, r.severity,
               r.fired_rules, r.summary, r.evidence, ${context.at}, ${context.at}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(organisation_id text, hr_function text,
          rule_id text, rule_version int, recommendation text, severity text, fired_rules jsonb, summary text, evidence jsonb)
        returning alert_id`)
    ).map((r) => ({ alertId: Number(r.alert_id) }));
    changes.push(...inserted.map(({ alertId }) => ({ alertId, change: "raised" as const })));
  }

  const updates = actions.flatMap((a) => (a.kind === "update" ? [a] : []));
  if (updates.length > 0) {
    const rows = updates.map(({ alert, finding, change }) => ({
      alert_id: alert.alertId,
      rule_version: finding.ruleVersion,
      recommendation: finding.recommendation,
      severity: finding.severity,
      fired_rules: finding.firedRules,
      summary: finding.summary,
      evidence: finding.evidence,
      // a worse or different recommendation needs a person's attention again
      reopen: change === "escalated" || change === "changed",
    }));
    await tx.execute(sql`
      update alerts a set rule_version = u.rule_version, recommendation = u.recommendation,
        severity = u.severity, fired_rules = u.fired_rules, summary = u.summary, evidence = u.evidence,
        status = case when u.reopen then 'open' else a.status end, updated_at = ${context.at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(alert_id bigint, rule_version int,
        recommendation text, severity text, fired_rules jsonb, summary text, evidence jsonb, reopen boolean)
      where a.alert_id = u.alert_id`);
    changes.push(
      ...updates.flatMap(({ alert, change }) => (change === null ? [] : [{ alertId: alert.alertId, change }])),
    );
  }

  const resolves = actions.flatMap((a) => (a.kind === "resolve" ? [a.alert.alertId] : []));
  if (resolves.length > 0) {
    await tx
      .update(alerts)
      .set({ status: "resolved", resolvedAt: context.at, updatedAt: context.at })
      .where(inArray(alerts.alertId, resolves));
    changes.push(...resolves.map((alertId) => ({ alertId, change: "resolved" as const })));
  }

  await recordChanges(tx, changes, { ...context, actor: null });
  return {
    raised: raises.length,
    resolved: resolves.length,
    changed: changes.length - raises.length - resolves.length,
  };
}

/**
 * Writes history rows for changes (the alert rows already hold the new state) and queues
 * the delivered ones in the outbox. Shared by the analyzer and acknowledgement.
 */
export async function recordChanges(
  tx: Transaction,
  changes: readonly { alertId: number; change: AlertChangeKind }[],
  context: {
    runId: number | null;
    at: string;
    actor: string | null;
    channels: readonly DeliveryChannel[];
    organisationNames: ReadonlyMap<string, string>;
  },
): Promise<void> {
  if (changes.length === 0) return;
  const changeOf = new Map(changes.map((c) => [c.alertId, c.change]));
  const current = await tx
    .select()
    .from(alerts)
    .where(inArray(alerts.alertId, [...changeOf.keys()]));
  // the history rows copy the alert rows' new state server-side
  const history = (
    await tx.execute<{ history_id: string | number; alert_id: string | number; change: string }>(sql`
      insert into alert_history (alert_id, change, status, recommendation, severity, summary, evidence, changed_at, run_id, actor)
      select a.alert_id, c.change, a.status, a.recommendation, a.severity, a.summary, a.evidence,
             ${context.at}, ${context.runId}::bigint, ${context.actor}::text
      from jsonb_to_recordset(${JSON.stringify([...changeOf].map(([alert_id, change]) => ({ alert_id, change })))}::jsonb)
        as c(alert_id bigint, change text)
      join alerts a on a.alert_id = c.alert_id
      returning history_id, alert_id, change`)
  ).map((r) => ({ historyId: Number(r.history_id), alertId: Number(r.alert_id), change: r.change }));

  const byId = new Map(current.map((a) => [a.alertId, a]));
  const outbox = history.flatMap(({ historyId, alertId, change }) => {
    if (!DELIVERED_CHANGES.has(change as AlertChangeKind)) return [];
    const alert = byId.get(alertId)!;
    const event: AlertChange = {
      alert,
      organisationName: context.organisationNames.get(alert.organisationId) ?? alert.organisationId,
      change: change as AlertChangeKind,
      historyId,
      at: context.at,
    };
    const cloudEvent = alertCloudEvent(event);
    return context.channels.map((channel) => ({
      channel: channel.id,
      idempotencyKey: cloudEvent.id,
      alertId,
      historyId,
      payload: deliveryPayload(channel, cloudEvent),
    }));
  });
  if (outbox.length > 0) {
    await tx.execute(sql`
      insert into alert_outbox (channel, idempotency_key, alert_id, history_id, payload)
      select o."channel", o."idempotencyKey", o."alertId", o."historyId", o.payload
      from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
        as o("channel" text, "idempotencyKey" text, "alertId" bigint, "historyId" bigint, payload jsonb)`);
  }
}

/**
 * Marks an open alert as acknowledged by a person. It stays acknowledged until it is
 * resolved, or until it escalates or changes recommendation, which reopens it.
 */
export async function acknowledgeAlert(
  db: { transaction: <T>(fn: (tx: Transaction) => Promise<T>) => Promise<T> },
  alertId: number,
  by: string,
  at: string,
): Promise<"acknowledged" | "not-open"> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(alerts)
      .set({ status: "acknowledged", acknowledgedAt: at, acknowledgedBy: by, updatedAt: at })
      .where(and(eq(alerts.alertId, alertId), eq(alerts.status, "open")))
      .returning({ alertId: alerts.alertId });
    if (updated.length === 0) return "not-open";
    await recordChanges(tx, [{ alertId, change: "acknowledged" }], {
      runId: null,
      at,
      actor: by,
      channels: [],
      organisationNames: new Map(),
    });
    return "acknowledged";
  });
}
