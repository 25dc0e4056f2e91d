import { describe, expect, it } from "vitest";
import { createAuthFailureLimiter } from "./auth-failures.ts";

describe("auth failure limiter", () => {
  it("lets perMinute failures through, then says how long to wait", () => {
    const limiter = createAuthFailureLimiter({ perMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("a", 0)).toBeNull();
      limiter.recordFailure("a", 0);
    }
    expect(limiter.retryAfterSeconds("a", 0)).toBe(20);
    expect(limiter.retryAfterSeconds("a", 15_000)).toBe(5);
    expect(limiter.retryAfterSeconds("a", 20_000)).toBeNull();
    // another address is not affected
    expect(limiter.retryAfterSeconds("b", 0)).toBeNull();
  });

  it("refills at perMinute, never beyond the burst", () => {
    const limiter = createAuthFailureLimiter({ perMinute: 2 });
    limiter.recordFailure("a", 0);
    limiter.recordFailure("a", 0);
    expect(limiter.retryAfterSeconds("a", 3_600_000)).toBeNull();
    limiter.recordFailure("a", 3_600_000);
    limiter.recordFailure("a", 3_600_000);
    expect(limiter.retryAfterSeconds("a", 3_600_000)).toBe(30);
  });

  it("keeps at most maxClients addresses", () => {
    const limiter = createAuthFailureLimiter({ perMinute: 1, maxClients: 2 });
    limiter.recordFailure("a", 0);
    limiter.recordFailure("b", 0);
    limiter.recordFailure("c", 0);
    expect(limiter.retryAfterSeconds("a", 0)).toBeNull();
    expect(limiter.retryAfterSeconds("c", 0)).toBe(60);
  });
});
