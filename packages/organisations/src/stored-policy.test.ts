import { defaultPolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import { storedPolicy } from "./stored-policy.ts";

describe("storedPolicy", () => {
  it("resolves stored overrides onto the defaults", () => {
    const { policy, error } = storedPolicy({ thresholds: { specialistRaiseFte: 0.9 } });
    expect(error).toBeNull();
    expect(policy.thresholds.specialistRaiseFte).toBe(0.9);
    expect(policy.windows).toEqual(defaultPolicy.windows);
  });

  it("treats null and undefined as no overrides", () => {
    expect(storedPolicy(null)).toEqual({ policy: defaultPolicy, error: null });
    expect(storedPolicy(undefined)).toEqual({ policy: defaultPolicy, error: null });
  });

  it("falls back to the defaults and names the field when the overrides no longer resolve", () => {
    const { policy, error } = storedPolicy({ thresholds: { specialistRaiseFte: -1 } });
    expect(policy).toBe(defaultPolicy);
    expect(error?.path).toBe("thresholds.specialistRaiseFte");
    expect(storedPolicy({ noSuchField: 1 }).error?.message).toBe("is not a policy field");
  });
});
