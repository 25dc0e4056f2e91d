import { waitUntilApplied } from "./wait.ts";

/**
 * Retries `check` until it stops throwing (returning its value) or `timeoutMs` passes,
 * then rethrows the last failure: the way to assert on an asynchronous pipeline without
 * sleeping for a guessed time.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, intervalMs));
    }
  }
}

/**
 * Waits until the ingest services have consumed `records` records in all (by their stored
 * offsets) and their trend refreshers have re-derived every organisation marked stale.
 */
export async function waitUntilConsumed(
  db: { sql: import("postgres").Sql },
  records: number,
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntilApplied(db.sql, { label: "consumed records", target: records, timeoutMs });
}
