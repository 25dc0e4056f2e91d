import { createHmac, timingSafeEqual } from "node:crypto";

/** HMAC-SHA256 of the parts, concatenated, as lower-case hex. */
export function hmacSha256Hex(key: string | Buffer, ...parts: (string | Buffer)[]): string {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest("hex");
}

/** HMAC-SHA256 of the parts, concatenated, as base64. */
export function hmacSha256Base64(key: string | Buffer, ...parts: (string | Buffer)[]): string {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest("base64");
}

/** Compares two signatures in constant time (for equal lengths; a length mismatch is false). */
export function signaturesEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a webhook's timestamp (unix seconds, or an RFC 3339 instant) lies within
 * `toleranceSeconds` of `now`, either way: an old one is a replay, one far ahead a forgery.
 */
export function withinTimestampWindow(timestamp: string, now: Date, toleranceSeconds = 300): boolean {
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : Date.parse(timestamp) / 1000;
  if (!Number.isFinite(seconds)) return false;
  return Math.abs(now.getTime() / 1000 - seconds) <= toleranceSeconds;
}
