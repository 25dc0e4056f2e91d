import { schema, type Transaction } from "@hr-radar/db";
import { firedRulesSchema, staffingAlertReasonSchema } from "@hr-radar/events";
import { hrFunctionSchema, recommendationSchema, severitySchema } from "@hr-radar/policy";
import type { StaffingRecommendation } from "@hr-radar/rules";
import { and, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import {
  type AlertAction,
  type DeliveredChangeKind,
  type StoredAlert,
  type StoredReason,
  storedReasonsOf,
} from "./alert-plan.ts";
import { type AlertState, alertCloudEvent } from "./deliveries.ts";

const { alerts } = schema;

/**
 * An open alert as read back. The vocabulary columns are text in Postgres; checking them
 * here is what lets the rest of the package use the contract's types without casts.
 */
// a stored reason is the reason the alerts topic carries: one schema for both

const storedAlertSchema = z.object({
  alertId: z.number(),
  organisationId: z.string(),
  hrFunction: hrFunctionSchema,
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  status: z.enum(["open", "acknowledged"]),
  recommendation: recommendationSchema,
  severity: severitySchema,
  firedRules: firedRulesSchema,
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  reasons: z.array(staffingAlertReasonSchema),
  openedAt: z.string(),
});

const alertStatusSchema = z.enum(schema.ALERT_STATUSES);

/** Open and acknowledged alerts of some organisations. */
export async function readOpenAlerts(tx: Transaction, organisationIds: readonly string[]): Promise<StoredAlert[]> {
  if (organisationIds.length === 0) return [];
  const rows = await tx
    .select({
      alertId: alerts.alertId,
      organisationId: alerts.organisationId,
      hrFunction: alerts.hrFunction,
      ruleId: alerts.ruleId,
      ruleVersion: alerts.ruleVersion,
      status: alerts.status,
      recommendation: alerts.recommendation,
      severity: alerts.severity,
      firedRules: alerts.firedRules,
      summary: alerts.summary,
      evidence: alerts.evidence,
      reasons: alerts.reasons,
      openedAt: alerts.openedAt,
    })
    .from(alerts)
    .where(and(inArray(alerts.organisationId, [...organisationIds]), ne(alerts.status, "resolved")));
  return rows.map((row) => {
    const parsed = storedAlertSchema.safeParse(row);
    if (!parsed.success) throw new Error(`alert ${row.alertId} does not read back: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/** Counts of what a batch changed. */
export interface AppliedActions {
  raised: number;
  resolved: number;
  changed: number;
}

/** A change to record: a delivered one carries the alert's new state, which its message describes. */
export type RecordedChange =
  | { alertId: number; change: DeliveredChangeKind; alert: AlertState }
  | { alertId: number; change: "de-escalated" | "acknowledged" };

const identity = (a: { organisationId: string; hrFunction: string }) => `${a.organisationId}/${a.hrFunction}`;

/**
 * Applies planned actions in the batch's transaction: the alert rows, one history row per
 * change, and one outbox row per delivered change (the dispatcher decides the channels).
 * All or nothing, with the rest of the batch.
 */
export async function applyAlertActions(
  tx: Transaction,
  actions: readonly AlertAction[],
  context: {
    runId: number;
    at: string;
    organisationNames: ReadonlyMap<string, string>;
  },
): Promise<AppliedActions> {
  const changes: RecordedChange[] = [];
  const raises = actions.flatMap((a) => (a.kind === "raise" ? [a.recommendation] : []));
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
      reasons: storedReasonsOf(f),
    }));
    const inserted = await tx.execute<{
      alert_id: string | number;
      organisation_id: string;
      hr_function: string;
    }>(sql`
        insert into alerts (organisation_id, hr_function, rule_id, rule_version, recommendation, severity,
          fired_rules, summary, evidence, reasons, opened_at, updated_at)
        select r.organisation_id, r.hr_function, r.rule_id, r.rule_version, r.recommendation, r.severity,
               r.fired_rules, r.summary, r.evidence, r.reasons, ${context.at}, ${context.at}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(organisation_id text, hr_function text,
          rule_id text, rule_version int, recommendation text, severity text, fired_rules jsonb, summary text,
          evidence jsonb, reasons jsonb)
        returning alert_id, organisation_id, hr_function`);
    // matched by identity (one open alert per organisation and function), not by row order
    const idOf = new Map(
      inserted.map((r) => [
        identity({ organisationId: r.organisation_id, hrFunction: r.hr_function }),
        Number(r.alert_id),
      ]),
    );
    for (const recommendation of raises) {
      const alertId = idOf.get(identity(recommendation))!;
      const alert = { ...alertStateOf(recommendation, alertId), status: "open" as const, openedAt: context.at };
      changes.push({ alertId, change: "raised", alert });
    }
  }

  const updates = actions.flatMap((a) => (a.kind === "update" ? [a] : []));
  if (updates.length > 0) {
    const rows = updates.map(({ alert, recommendation: r, reopen }) => ({
      alert_id: alert.alertId,
      rule_id: r.ruleId,
      rule_version: r.ruleVersion,
      recommendation: r.recommendation,
      severity: r.severity,
      fired_rules: r.firedRules,
      summary: r.summary,
      evidence: r.evidence,
      reasons: storedReasonsOf(r),
      reopen,
    }));
    // the status is returned: an acknowledgement committed since the read is kept
    const updated = await tx.execute<{ alert_id: string | number; status: string }>(sql`
      update alerts a set rule_id = u.rule_id, rule_version = u.rule_version, recommendation = u.recommendation,
        severity = u.severity, fired_rules = u.fired_rules, summary = u.summary, evidence = u.evidence,
        reasons = u.reasons, status = case when u.reopen then 'open' else a.status end, updated_at = ${context.at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(alert_id bigint, rule_id text, rule_version int,
        recommendation text, severity text, fired_rules jsonb, summary text, evidence jsonb, reasons jsonb,
        reopen boolean)
      where a.alert_id = u.alert_id
      returning a.alert_id, a.status`);
    const statusOf = new Map(updated.map((r) => [Number(r.alert_id), alertStatusSchema.parse(r.status)]));
    for (const { alert, recommendation, change } of updates) {
      if (change === null) continue;
      const { alertId } = alert;
      if (change === "de-escalated") {
        changes.push({ alertId, change });
        continue;
      }
      const state = {
        ...alertStateOf(recommendation, alertId),
        status: statusOf.get(alertId)!,
        openedAt: alert.openedAt,
      };
      changes.push({ alertId, change, alert: state });
    }
  }

  const resolves = actions.flatMap((a) => (a.kind === "resolve" ? [a.alert] : []));
  if (resolves.length > 0) {
    await tx
      .update(alerts)
      .set({ status: "resolved", resolvedAt: context.at, updatedAt: context.at })
      .where(
        inArray(
          alerts.alertId,
          resolves.map((a) => a.alertId),
        ),
      );
    for (const alert of resolves)
      changes.push({
        alertId: alert.alertId,
        change: "resolved",
        alert: { ...alert, reasons: reasonsOfStored(alert), status: "resolved", resolvedAt: context.at },
      });
  }

  await recordChanges(tx, changes, { ...context, actor: null });
  return {
    raised: raises.length,
    resolved: resolves.length,
    changed: changes.length - raises.length - resolves.length,
  };
}

/** What a recommendation sets on its alert row (status and opening time depend on the action). */
function alertStateOf(r: StaffingRecommendation, alertId: number): Omit<AlertState, "status" | "openedAt"> {
  return {
    alertId,
    organisationId: r.organisationId,
    hrFunction: r.hrFunction,
    ruleId: r.ruleId,
    ruleVersion: r.ruleVersion,
    firedRules: r.firedRules,
    recommendation: r.recommendation,
    severity: r.severity,
    summary: r.summary,
    evidence: { ...r.evidence },
    reasons: storedReasonsOf(r).map(eventReason),
    resolvedAt: null,
  };
}

/** A stored alert's reasons; a row written without any (by hand) stands as its own one reason. */
function reasonsOfStored(alert: StoredAlert): AlertState["reasons"] {
  if (alert.reasons.length > 0) return alert.reasons.map(eventReason);
  const { ruleId, ruleVersion, recommendation, severity, summary, evidence, firedRules } = alert;
  return [{ ruleId, ruleVersion, recommendation, severity, summary, evidence, firedRules }];
}

/** A reason as the event contract carries it (exactly its fields, whatever the row holds). */
function eventReason(r: StoredReason): AlertState["reasons"][number] {
  return {
    ruleId: r.ruleId,
    ruleVersion: r.ruleVersion,
    recommendation: r.recommendation,
    severity: r.severity,
    summary: r.summary,
    evidence: r.evidence,
    firedRules: r.firedRules,
  };
}

/**
 * Writes history rows for changes (the alert rows already hold the new state) and queues
 * the delivered ones in the outbox, once each: which channels receive them is decided when
 * they are dispatched. Shared by the analyzer and acknowledgement.
 */
export async function recordChanges(
  tx: Transaction,
  changes: readonly RecordedChange[],
  context: {
    runId: number | null;
    at: string;
    actor: string | null;
    organisationNames: ReadonlyMap<string, string>;
  },
): Promise<void> {
  if (changes.length === 0) return;
  const byAlert = new Map(changes.map((c) => [c.alertId, c]));
  // the history rows copy the alert rows' new state server-side
  const history = (
    await tx.execute<{ history_id: string | number; alert_id: string | number }>(sql`
      insert into alert_history (alert_id, change, status, recommendation, severity, summary, evidence, reasons,
        changed_at, run_id, actor)
      select a.alert_id, c.change, a.status, a.recommendation, a.severity, a.summary, a.evidence, a.reasons,
             ${context.at}, ${context.runId}::bigint, ${context.actor}::text
      from jsonb_to_recordset(${JSON.stringify([...byAlert.values()].map((c) => ({ alert_id: c.alertId, change: c.change })))}::jsonb)
        as c(alert_id bigint, change text)
      join alerts a on a.alert_id = c.alert_id
      returning history_id, alert_id`)
  ).map((r) => ({ historyId: Number(r.history_id), alertId: Number(r.alert_id) }));

  const outbox = history.flatMap(({ historyId, alertId }) => {
    const recorded = byAlert.get(alertId)!;
    if (!("alert" in recorded)) return [];
    const { alert, change } = recorded;
    const cloudEvent = alertCloudEvent({
      alert,
      organisationName: context.organisationNames.get(alert.organisationId) ?? alert.organisationId,
      change,
      historyId,
      at: context.at,
    });
    return [{ idempotencyKey: cloudEvent.id, alertId, historyId, event: cloudEvent }];
  });
  if (outbox.length > 0) {
    await tx.execute(sql`
      insert into alert_outbox (idempotency_key, alert_id, history_id, event)
      select o."idempotencyKey", o."alertId", o."historyId", o.event
      from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
        as o("idempotencyKey" text, "alertId" bigint, "historyId" bigint, event jsonb)`);
  }
}
