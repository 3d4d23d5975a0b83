import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "../../src/api/rateLimit.ts";

describe("TokenBucketLimiter", () => {
  it("allows a burst, then refills at the sustained rate, per key", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ requestsPerSecond: 2, burst: 3, now: () => now });
    const takes = () => limiter.take("10.0.0.1").allowed;
    expect([takes(), takes(), takes(), takes()]).toEqual([true, true, true, false]);
    expect(limiter.take("10.0.0.2").allowed).toBe(true);
    expect(limiter.take("10.0.0.1")).toEqual({ allowed: false, retryAfterMs: 500 });
    now = 500;
    expect(takes()).toBe(true);
    expect(takes()).toBe(false);
    now = 10_000;
    expect([takes(), takes(), takes(), takes()]).toEqual([true, true, true, false]);
  });
});
