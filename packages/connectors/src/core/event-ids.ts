import { createHmac } from "node:crypto";

/**
 * A CloudEvent id that is the same whenever the same change of the same record is seen
 * again (a repeated webhook, an overlapping reconciliation, a run redone after a crash),
 * so the ingest's ledger counts it once. Derived from vendor, connection, record and the
 * change (e.g. `terminated:2026-10-15`), keyed with EMPLOYEE_KEY_SECRET: the ids land in
 * the ingest's ledger, and an unkeyed hash of a small vendor id could be reversed.
 */
export function deterministicEventId(
  secret: string,
  parts: { vendor: string; connectionId: string; recordId: string; change: string },
): string {
  const digest = createHmac("sha256", secret)
    .update([parts.vendor, parts.connectionId, parts.recordId, parts.change].join("\u0000"))
    .digest("base64url")
    .slice(0, 32);
  return `${parts.vendor}-${digest}`;
}

/** The CloudEvents `source` of a connection's events. */
export function connectionSource(vendor: string, connectionId: string): string {
  return `urn:hr-radar:connect:${vendor}:${connectionId}`;
}

/**
 * A stable text for an event's content, for the change part of an id: the same content
 * gives the same id, a different content (a corrected department) a different event.
 */
export function contentChange(type: string, data: Record<string, unknown>): string {
  const sorted = Object.keys(data)
    .sort()
    .map((k) => [k, data[k]]);
  return `${type}:${JSON.stringify(sorted)}`;
}
