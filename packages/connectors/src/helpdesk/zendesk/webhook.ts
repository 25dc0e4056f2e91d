import { createHmac, timingSafeEqual } from "node:crypto";

// https://developer.zendesk.com/documentation/webhooks/verifying/: the signature is
// base64(HMAC-SHA256(timestamp + raw body)) in X-Zendesk-Webhook-Signature, the timestamp
// in X-Zendesk-Webhook-Signature-Timestamp. The timestamp is also checked against a window,
// so a captured request cannot be replayed later.

/** The outcome of checking a webhook: a value, never a throw. */
export type WebhookVerdict =
  | { ok: true }
  | { ok: false; reason: "missing_signature" | "bad_signature" | "stale_timestamp" };

/** How far a webhook's timestamp may lie from the receiver's clock. */
export const ZENDESK_WEBHOOK_WINDOW_MS = 5 * 60_000;

/** Verifies a Zendesk webhook on its raw bytes. */
export function verifyZendeskWebhook(input: {
  rawBody: Buffer;
  headers: Record<string, string | undefined>;
  secret: string;
  now: Date;
}): WebhookVerdict {
  const signature = input.headers["x-zendesk-webhook-signature"];
  const timestamp = input.headers["x-zendesk-webhook-signature-timestamp"];
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: "missing_signature" };
  const expected = createHmac("sha256", input.secret)
    .update(Buffer.concat([Buffer.from(timestamp, "utf8"), input.rawBody]))
    .digest();
  const given = Buffer.from(signature, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad_signature" };
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs(input.now.getTime() - at) > ZENDESK_WEBHOOK_WINDOW_MS) {
    return { ok: false, reason: "stale_timestamp" };
  }
  return { ok: true };
}

/**
 * The tickets a webhook names: `subject` `zen:ticket:<id>` (or `detail.id`) of a ticket
 * event, https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/.
 * A trigger's own JSON body with `ticket_id` or `id` works too. Anything else names none.
 */
export function zendeskWebhookTickets(rawBody: Buffer): number[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return [];
  }
  if (typeof body !== "object" || body === null) return [];
  const b = body as { type?: unknown; subject?: unknown; detail?: { id?: unknown }; ticket_id?: unknown; id?: unknown };
  const fromSubject = typeof b.subject === "string" ? /^zen:ticket:(\d+)$/.exec(b.subject)?.[1] : undefined;
  const candidate =
    fromSubject ??
    (typeof b.type === "string" && b.type.startsWith("zen:event-type:ticket.")
      ? b.detail?.id
      : (b.ticket_id ?? undefined));
  const id = Number(candidate);
  return Number.isSafeInteger(id) && id > 0 ? [id] : [];
}
