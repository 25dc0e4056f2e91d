import { schema, type Transaction } from "@hr-radar/db";
import { and, eq } from "drizzle-orm";
import { recordChanges } from "./alert-store.ts";

const { alerts } = schema;

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
    // an acknowledgement is only recorded, never delivered (it carries no alert state)
    await recordChanges(tx, [{ alertId, change: "acknowledged" }], {
      runId: null,
      at,
      actor: by,
      organisationNames: new Map(),
    });
    return "acknowledged";
  });
}
