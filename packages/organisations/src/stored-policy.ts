import { defaultPolicy, type Policy, type PolicyError, resolvePolicy } from "@hr-radar/policy";

/** The policy in force for an organisation, and why it is not the stored one when it is not. */
export interface StoredPolicy {
  /** The resolved overrides, or {@link defaultPolicy} when they no longer resolve. */
  policy: Policy;
  /** Set when the stored overrides no longer resolve (a later, stricter policy schema). */
  error: PolicyError | null;
}

/**
 * The one rule for a stored policy. Overrides were valid when ingested (the ingest
 * dead-letters a profile whose overrides do not resolve), so a failure here means the policy
 * schema moved on. The defaults stand in so that a read can still show figures, and the
 * error travels with them: whoever decides on the policy (the analyzer, `simulate`) refuses
 * the organisation, whoever only shows figures says which policy it showed.
 */
export function storedPolicy(overrides: unknown): StoredPolicy {
  const resolved = resolvePolicy(overrides ?? {});
  return resolved.success ? { policy: resolved.data, error: null } : { policy: defaultPolicy, error: resolved.error };
}
