import { createHmac } from "node:crypto";
import { signaturesEqual } from "../../core/signatures.ts";
import type { VerifyResult, WebhookChange } from "../../core/source.ts";

// https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks: X-Merge-Webhook-Signature
// is base64url(HMAC-SHA256(signature key, raw body)). Merge signs no timestamp, so a
// replayed delivery is only harmless, not refused: it makes the connector fetch the
// ticket's current state, whose events carry deterministic ids (counted once).

/** Verifies a Merge webhook on its raw bytes. */
export function verifyMergeWebhook(input: {
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  secret: string;
}): VerifyResult {
  const given = input.headers["x-merge-webhook-signature"];
  if (given === undefined) return { ok: false, reason: "missing_signature" };
  const expected = createHmac("sha256", input.secret).update(input.rawBody).digest("base64url");
  return signaturesEqual(given.replace(/=+$/, ""), expected) ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/** The ticket a `Ticket.*` hook names (its Merge id); `null` for a body that is not JSON. */
export function mergeWebhookChanges(rawBody: Buffer): WebhookChange[] | null {
  let body: { hook?: { event?: unknown }; data?: { id?: unknown } };
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const event = typeof body.hook?.event === "string" ? body.hook.event : "";
  const id = body.data?.id;
  if (!/^Ticket\.(added|changed|deleted)$/.test(event) || typeof id !== "string" || id === "") return [];
  return [{ recordId: id, action: event }];
}
