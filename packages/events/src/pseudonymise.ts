import { createHmac } from "node:crypto";
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
  return createHmac("sha256", secret).update(`${organisationId}\u0000${employeeId}`).digest("base64url");
}
