import { hmacSha256Hex, signaturesEqual, withinTimestampWindow } from "../../core/signatures.ts";
import type { VerifyResult, WebhookChange } from "../../core/source.ts";

// https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks: with a
// secret set, Jira sends `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. The
// body's own `timestamp` (milliseconds) is checked against a window once the signature holds.

/** Verifies a Jira webhook on its raw bytes. */
export function verifyJiraWebhook(input: {
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  secret: string;
  now: Date;
}): VerifyResult {
  const header = input.headers["x-hub-signature"];
  if (header === undefined) return { ok: false, reason: "missing_signature" };
  const [method, given] = header.split("=", 2);
  if (method !== "sha256" || given === undefined) return { ok: false, reason: "malformed" };
  if (!signaturesEqual(given.toLowerCase(), hmacSha256Hex(input.secret, input.rawBody)))
    return { ok: false, reason: "bad_signature" };
  let timestamp: unknown;
  try {
    timestamp = (JSON.parse(input.rawBody.toString("utf8")) as { timestamp?: unknown }).timestamp;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof timestamp === "number" && !withinTimestampWindow(String(Math.floor(timestamp / 1000)), input.now))
    return { ok: false, reason: "stale_timestamp" };
  return { ok: true };
}

/** The issue a `jira:issue_*` webhook names (by key); `null` for a body that is not JSON. */
export function jiraWebhookChanges(rawBody: Buffer): WebhookChange[] | null {
  let body: { webhookEvent?: unknown; issue?: { key?: unknown } };
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const key = body.issue?.key;
  const event = typeof body.webhookEvent === "string" ? body.webhookEvent : "";
  if (
    !event.startsWith("jira:issue_") ||
    event === "jira:issue_deleted" ||
    typeof key !== "string" ||
    !/^[A-Z][A-Z0-9_]*-\d+$/.test(key)
  )
    return [];
  return [{ recordId: key, action: event }];
}
