// Standard Webhooks signatures (https://www.standardwebhooks.com/): a receiver that holds the
// webhook's secret can tell a genuine delivery from a forged or altered one, and a replayed
// one by its timestamp.
import { createHmac } from "node:crypto";

const SECRET_PREFIX = "whsec_";

/**
 * The key bytes of a `whsec_<base64>` secret, or why it is not one. At least 16 bytes: a
 * shorter HMAC key is guessable.
 */
export function parseWebhookSecret(secret: string): { success: true; key: Buffer } | { success: false; error: string } {
  if (!secret.startsWith(SECRET_PREFIX)) return { success: false, error: `must start with ${SECRET_PREFIX}` };
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded))
    return { success: false, error: `${SECRET_PREFIX} must be followed by base64` };
  const key = Buffer.from(encoded, "base64");
  if (key.length < 16) return { success: false, error: "the key must be at least 16 bytes (24 base64 characters)" };
  return { success: true, key };
}

/** The headers that sign one delivery attempt. */
export interface WebhookSignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Signs `body` as sent: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. The id is the
 * change's (the same on every retry, so receivers drop repeats); the timestamp is this
 * attempt's, in unix seconds.
 */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): WebhookSignatureHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
