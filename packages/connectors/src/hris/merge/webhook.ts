// Merge webhook deliveries: X-Merge-Webhook-Signature is the base64url HMAC-SHA256 of the raw
// body keyed by the webhook's signature key
// (https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks). Merge may deliver
// a webhook more than once: the connector fetches the named employee and its deterministic
// event ids and stored state make a repeat produce nothing new.

import { createHmac, timingSafeEqual } from "node:crypto";
import { mergeWebhookSchema } from "./records.ts";

/** Whether a delivery is genuine (same shape as the core's VerifyResult). */
export type MergeVerifyResult = { ok: true } | { ok: false; reason: "missing_signature" | "bad_signature" };

const unpadded = (signature: string) => signature.trim().replace(/=+$/, "");

/** Verifies the signature over the raw body, in constant time; padding is ignored. */
export function verifyMergeWebhook(
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
  signatureKey: string,
): MergeVerifyResult {
  const given = headers["x-merge-webhook-signature"];
  if (given === undefined || given === "") return { ok: false, reason: "missing_signature" };
  const expected = createHmac("sha256", signatureKey).update(rawBody).digest("base64url");
  const a = Buffer.from(unpadded(given));
  const b = Buffer.from(unpadded(expected));
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/** The employee a delivery is about, with Merge's event name (e.g. `Employee.changed`). */
export interface MergeWebhookChange {
  recordId: string;
  action: string;
  /** The Linked Account the delivery came from. */
  linkedAccountId: string;
}

/**
 * The employees a delivery names: `Employee.*` events carry the Employee, `Employment.*`
 * events its `employee`. Other events (sync notices, other models) name nobody ([]); a
 * body that is not a Merge webhook is null.
 */
export function mergeWebhookChanges(rawBody: Buffer): MergeWebhookChange[] | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  const parsed = mergeWebhookSchema.safeParse(json);
  if (!parsed.success) return null;
  const action = parsed.data.hook.event;
  const linkedAccountId = parsed.data.linked_account.id;
  const data = parsed.data.data;
  const recordId = action.startsWith("Employee.")
    ? data?.id
    : action.startsWith("Employment.")
      ? (data?.employee ?? undefined)
      : undefined;
  if (!action.startsWith("Employee.") && !action.startsWith("Employment.")) return [];
  return recordId === undefined ? null : [{ recordId, action, linkedAccountId }];
}
