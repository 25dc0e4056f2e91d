import { type Database, schema } from "@hr-radar/db";
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";

/** Which alerts: `active` is open plus acknowledged (the default everywhere). */
export const ALERT_STATUS_FILTERS = ["active", "open", "acknowledged", "resolved", "all"] as const;
/** One of {@link ALERT_STATUS_FILTERS}. */
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];
/** One of {@link ALERT_STATUS_FILTERS}. */
export const alertStatusFilterSchema = z.enum(ALERT_STATUS_FILTERS);

/** An alert as users see it. */
export type AlertView = typeof schema.alerts.$inferSelect;

/** Alerts, newest change first, filtered by organisation, status and function. */
export async function listAlerts(
  db: Database,
  filter: { organisationId?: string | undefined; status: AlertStatusFilter; hrFunction?: string | undefined },
): Promise<AlertView[]> {
  const { alerts } = schema;
  const conditions: SQL[] = [];
  if (filter.organisationId !== undefined) conditions.push(eq(alerts.organisationId, filter.organisationId));
  if (filter.hrFunction !== undefined) conditions.push(eq(alerts.hrFunction, filter.hrFunction));
  if (filter.status === "active") conditions.push(inArray(alerts.status, ["open", "acknowledged"]));
  else if (filter.status !== "all") conditions.push(eq(alerts.status, filter.status));
  return db
    .select()
    .from(alerts)
    .where(and(...conditions))
    .orderBy(asc(alerts.organisationId), desc(alerts.updatedAt), asc(alerts.alertId));
}

/** One alert, or null. */
export async function findAlert(db: Database, alertId: number): Promise<AlertView | null> {
  const [row] = await db.select().from(schema.alerts).where(eq(schema.alerts.alertId, alertId));
  return row ?? null;
}

/** How many alerts have each status (every status listed, zero included). */
export async function countAlertsByStatus(db: Database): Promise<{ status: string; n: number }[]> {
  return db.execute<{ status: string; n: number }>(sql`
    select s.status, count(a.alert_id)::int as n
    from unnest(array['open','acknowledged','resolved']) as s(status)
    left join alerts a on a.status = s.status
    group by s.status`);
}

/** Alert deliveries not yet accepted by their channel. */
export async function countPendingDeliveries(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from alert_deliveries where delivered_at is null`,
  );
  return row?.n ?? 0;
}
