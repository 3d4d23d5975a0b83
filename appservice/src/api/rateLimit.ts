import type { RequestHandler } from "express";
import { ApiError } from "./apiError.ts";

/** Options of {@link TokenBucketLimiter}. */
export type RateLimitOptions = {
  /** Sustained rate per key. */
  requestsPerSecond: number;
  /** Bucket size: requests allowed at once after a quiet period. */
  burst: number;
  /** Clock, injectable for tests. */
  now?: () => number;
};

type Bucket = { tokens: number; updatedAt: number };

/** Outcome of {@link TokenBucketLimiter.take}. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * In-memory token bucket per key (client address). Enough for one appservice process;
 * Synapse keeps its own limits for chat traffic.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private calls = 0;

  /** @param options rate, burst and clock */
  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string): TakeResult {
    const now = this.now();
    this.sweep(now);
    const { burst, requestsPerSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * requestsPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) / requestsPerSecond) * 1000),
    };
  }

  // Drop buckets that have refilled completely (they equal a new one), now and then, so
  // memory stays bounded without a timer to clean up on stop().
  private sweep(now: number): void {
    if (++this.calls % 1000 !== 0) return;
    const fullAfterMs = (this.options.burst / this.options.requestsPerSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
  }
}

/**
 * 429 `M_LIMIT_EXCEEDED` with `retry_after_ms` (and a Retry-After header) once a client
 * address exceeds its bucket.
 */
export function makeRateLimitMiddleware(limiter: TokenBucketLimiter): RequestHandler {
  return (req, res, next) => {
    const result = limiter.take(req.ip ?? "unknown");
    if (result.allowed) {
      next();
      return;
    }
    res.set("Retry-After", String(Math.ceil(result.retryAfterMs / 1000)));
    throw new ApiError("M_LIMIT_EXCEEDED", "Too many requests, slow down", undefined, {
      retry_after_ms: result.retryAfterMs,
    });
  };
}
