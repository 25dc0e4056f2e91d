/**
 * Failed authentication attempts per client address, as token buckets in memory: each
 * failure takes a token, `perMinute` tokens come back per minute. An empty bucket means the
 * next attempt is refused before the database is asked (a made-up token costs a query).
 */
export interface AuthFailureLimiter {
  /** Seconds until `client` may try again, or null when it may try now. */
  retryAfterSeconds(client: string, nowMs: number): number | null;
  /** Takes a token from `client`'s bucket for one failed attempt. */
  recordFailure(client: string, nowMs: number): void;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** A limiter that forgets the fullest buckets first once it tracks `maxClients` addresses. */
export function createAuthFailureLimiter(options: { perMinute: number; maxClients?: number }): AuthFailureLimiter {
  const capacity = options.perMinute;
  const perMs = capacity / 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, nowMs: number): void => {
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * perMs);
    bucket.updatedMs = nowMs;
  };
  // Bounded memory against a spray from many addresses: full buckets carry no state worth
  // keeping; past that, the oldest entries go (Map order is insertion order).
  const prune = (nowMs: number): void => {
    for (const [client, bucket] of buckets) {
      refill(bucket, nowMs);
      if (bucket.tokens >= capacity) buckets.delete(client);
    }
    for (const client of buckets.keys()) {
      if (buckets.size < maxClients) break;
      buckets.delete(client);
    }
  };

  return {
    retryAfterSeconds(client, nowMs) {
      const bucket = buckets.get(client);
      if (bucket === undefined) return null;
      refill(bucket, nowMs);
      if (bucket.tokens >= 1) return null;
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
    recordFailure(client, nowMs) {
      let bucket = buckets.get(client);
      if (bucket === undefined) {
        if (buckets.size >= maxClients) prune(nowMs);
        bucket = { tokens: capacity, updatedMs: nowMs };
        buckets.set(client, bucket);
      }
      refill(bucket, nowMs);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
    },
  };
}
