/**
 * Postgres errors that say the data cannot be stored (SQLSTATE class 22 data exception,
 * 23 integrity constraint violation): retrying the same batch fails the same way, so the
 * runner isolates the event that causes it and dead-letters it instead of stalling the
 * partition. Anything else (connection loss, serialization failure, shutdown) is
 * transient and the batch is retried whole.
 */
export function isDataError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && /^(22|23)/.test(code);
}

/** The SQLSTATE of a Postgres error, looking through wrappers (drizzle wraps in `cause`). */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
