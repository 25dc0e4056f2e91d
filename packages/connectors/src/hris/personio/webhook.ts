// Personio webhook deliveries: authenticated by a static token Personio puts in the
// Authorization header (auth_type TOKEN, https://developer.personio.de/reference/post_v2-webhooks),
// and dataless (https://developer.personio.de/v2.0/reference/webhooks): they name a person or
// employment, and the connector fetches it. Personio retries a delivery for up to 3 days, so
// there is no timestamp window to check: a retried delivery is genuine, and the deterministic
// event ids make it harmless.

import { timingSafeEqual } from "node:crypto";
import { personioWebhookSchema } from "./records.ts";

/** Whether a delivery is genuine (same shape as the core's VerifyResult). */
export type PersonioVerifyResult = { ok: true } | { ok: false; reason: "missing_signature" | "bad_signature" };

/** Compares the Authorization header with the configured token in constant time. */
export function verifyPersonioWebhook(
  headers: Record<string, string | undefined>,
  token: string,
): PersonioVerifyResult {
  const given = headers.authorization;
  if (given === undefined || given === "") return { ok: false, reason: "missing_signature" };
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/** The person a delivery is about, and Personio's event name. */
export interface PersonioWebhookChange {
  recordId: string;
  action: string;
}

/**
 * The persons a delivery names: `person.*` carries the person's id, `employment.*` the
 * employment's and its person's. Events about other resources name nobody ([]); a body
 * that is not a Personio notification is null (the caller answers 400).
 */
export function personioWebhookChanges(rawBody: Buffer): PersonioWebhookChange[] | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return null;
  }
  const parsed = personioWebhookSchema.safeParse(json);
  if (!parsed.success) return null;
  const { event_name: action, payload } = parsed.data;
  if (action.startsWith("person.")) return payload.id === undefined ? null : [{ recordId: payload.id, action }];
  if (action.startsWith("employment.")) {
    const personId = payload.person?.id ?? payload.person_id;
    return personId === undefined ? null : [{ recordId: personId, action }];
  }
  return [];
}
