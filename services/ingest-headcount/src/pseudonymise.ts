import { createHmac } from "node:crypto";

/**
 * The stored stand-in for an employee id: an HMAC-SHA256 keyed with a secret from config,
 * scoped to the organisation. Stable, so one person's events link up; not reversible
 * without the secret, so the database holds no employee identifiers.
 */
export function employeeKey(secret: string, organisationId: string, employeeId: string): string {
  return createHmac("sha256", secret).update(`${organisationId}\u0000${employeeId}`).digest("base64url");
}
