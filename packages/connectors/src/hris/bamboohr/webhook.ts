// BambooHR webhooks: https://documentation.bamboohr.com/docs/webhooks
// Each delivery carries X-BambooHR-Timestamp (unix seconds) and X-BambooHR-Signature, the
// hex HMAC-SHA256 of the raw body followed by that timestamp, keyed by the webhook's
// private key (shown once when the webhook is created). Event-based bodies:
//   { "type": "employee.updated", "timestamp": "...", "data": { "companyId": 1, "employeeId": "123", "changedFields": [...] } }
// Field-based (global) webhooks post { "employees": [{ "id": "123", "action": "Updated", "changedFields": [...], "fields": {...} }] }.
import { z } from "zod";
import { hmacSha256Hex, signaturesEqual, withinTimestampWindow } from "../../core/signatures.ts";
import type { VerifyResult, WebhookChange } from "../../core/source.ts";

/** How far a delivery's timestamp may lie from our clock before it is refused as stale. */
export const BAMBOOHR_TIMESTAMP_TOLERANCE_S = 300;

/** The signature BambooHR sends for `rawBody` at `timestamp`. */
export function bambooSignature(privateKey: string, rawBody: Buffer | string, timestamp: string): string {
  return hmacSha256Hex(privateKey, rawBody, timestamp);
}

/** Checks X-BambooHR-Signature over the raw body and the timestamp window. */
export function verifyBambooWebhook(input: {
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  secret: string;
  now: Date;
}): VerifyResult {
  const signature = input.headers["x-bamboohr-signature"];
  const timestamp = input.headers["x-bamboohr-timestamp"];
  if (!signature || !timestamp) return { ok: false, reason: "missing_signature" };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: "malformed" };
  if (!signaturesEqual(signature.toLowerCase(), bambooSignature(input.secret, input.rawBody, timestamp)))
    return { ok: false, reason: "bad_signature" };
  // checked after the signature, so the timestamp itself is known to be BambooHR's
  if (!withinTimestampWindow(timestamp, input.now, BAMBOOHR_TIMESTAMP_TOLERANCE_S))
    return { ok: false, reason: "stale_timestamp" };
  return { ok: true };
}

const id = z.union([z.string().min(1), z.number()]).transform(String);
const eventBody = z.looseObject({
  type: z.string().min(1),
  data: z.looseObject({ employeeId: id }),
});
const fieldBody = z.looseObject({
  employees: z.array(z.looseObject({ id, action: z.string().default("Updated") })),
});
const webhookBody = z.union([z.array(eventBody), fieldBody, eventBody]);

/** The employees a delivery names; null when the body is not a documented shape. */
export function bambooWebhookChanges(rawBody: Buffer): WebhookChange[] | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  const parsed = webhookBody.safeParse(json);
  if (!parsed.success) return null;
  const body = parsed.data;
  if (Array.isArray(body)) return body.map((e) => ({ recordId: e.data.employeeId, action: e.type }));
  if ("employees" in body && Array.isArray(body.employees))
    return (body as z.output<typeof fieldBody>).employees.map((e) => ({
      recordId: e.id,
      action: `employee.${e.action.toLowerCase()}`,
    }));
  const single = body as z.output<typeof eventBody>;
  return [{ recordId: single.data.employeeId, action: single.type }];
}
