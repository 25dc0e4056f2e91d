import { hash } from "node:crypto";
import { z } from "zod";

/** The shortest EMPLOYEE_KEY_SECRET accepted: a short key would make the hash guessable. */
export const EMPLOYEE_KEY_SECRET_MIN_LENGTH = 16;

/**
 * EMPLOYEE_KEY_SECRET, as every process that pseudonymises employee ids reads it (the
 * headcount ingest and the connector service): one rule, so both accept the same secrets.
 */
export const employeeKeySecretSchema = z
  .string()
  .min(EMPLOYEE_KEY_SECRET_MIN_LENGTH, "at least 16 characters (use a random secret)");

/**
 * The stored stand-in for an employee id: an HMAC-SHA256 keyed with a secret from config,
 * scoped to the organisation. Stable, so one person's events link up; not reversible
 * without the secret, so the database holds no employee identifiers. The ingest keys its
 * facts with it and the connectors key their per-person state with it, so both speak of
 * the same person by the same key.
 */
export function employeeKey(secret: string, organisationId: string, employeeId: string): string {
  return hmacSha256(secret, `${organisationId}\u0000${employeeId}`);
}

/**
 * HMAC-SHA256 (RFC 2104), base64url: SHA-256 of the outer pad and SHA-256 of the inner pad
 * and the message, with the one-shot `hash`. The same digest as `createHmac`, which builds a
 * keyed object per call: at one per employee event that was ~2.6 us of an HRIS event's ~40 us
 * on the ingest's thread, this ~1.9 (docs/performance.md).
 */
export function hmacSha256(secret: string, message: string): string {
  const pads = padsFor(secret);
  const inner =
    typeof pads.inner === "string"
      ? hash("sha256", pads.inner + message, "buffer")
      : hash("sha256", Buffer.concat([pads.inner, Buffer.from(message, "utf8")]), "buffer");
  // the outer block is reused: filled and hashed in one synchronous step
  inner.copy(pads.outer, BLOCK_BYTES);
  return hash("sha256", pads.outer, "base64url");
}

const BLOCK_BYTES = 64;

interface Pads {
  /** The key XOR 0x36, as a string when every byte is ASCII (then it prefixes the message as is). */
  inner: string | Buffer;
  /** The key XOR 0x5c, then room for the inner digest. */
  outer: Buffer;
}

// Usually one secret per process; bounded anyway, since a caller could pass many.
const padsBySecret = new Map<string, Pads>();

function padsFor(secret: string): Pads {
  const known = padsBySecret.get(secret);
  if (known !== undefined) return known;
  let key = Buffer.from(secret, "utf8");
  if (key.length > BLOCK_BYTES) key = hash("sha256", key, "buffer");
  const inner = Buffer.alloc(BLOCK_BYTES);
  const outer = Buffer.alloc(BLOCK_BYTES + 32);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    const byte = key[i] ?? 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  // an ASCII byte is the same one byte in the UTF-8 that `hash` encodes a string to
  const pads = { inner: inner.every((byte) => byte < 0x80) ? inner.toString("latin1") : inner, outer };
  if (padsBySecret.size >= 16) padsBySecret.clear();
  padsBySecret.set(secret, pads);
  return pads;
}
