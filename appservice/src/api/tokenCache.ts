import { createHash } from "node:crypto";
import type { TokenVerifier, WhoamiResult } from "./ports.ts";

/** Options of {@link makeCachedVerifier}. */
export type TokenCacheOptions = {
  /** How long a valid token is trusted without asking again (ms); 0 disables caching. */
  ttlMs: number;
  /** How long a refused token stays refused (ms): short, so a fresh login works at once. */
  negativeTtlMs?: number;
  /** Upper bound on cached tokens; the oldest entry goes first. */
  maxEntries?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
};

type Entry = { result: WhoamiResult; expiresAt: number };

/**
 * Wraps a {@link TokenVerifier} with a short cache, so each page load does not cost one
 * whoami call per request. Keys are SHA-256 hashes of tokens: a heap dump or debug print of
 * the cache shows no usable token. "Unavailable" answers are never cached. Concurrent lookups
 * of the same token share one request.
 */
export function makeCachedVerifier(
  inner: TokenVerifier,
  options: TokenCacheOptions,
): TokenVerifier {
  const now = options.now ?? Date.now;
  const negativeTtlMs = Math.min(options.negativeTtlMs ?? 5_000, options.ttlMs);
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<WhoamiResult>>();

  const remember = (key: string, result: WhoamiResult): void => {
    const ttl = result.status === "valid" ? options.ttlMs : negativeTtlMs;
    if (result.status === "unavailable" || ttl <= 0) return;
    entries.delete(key); // re-insert so Map order stays oldest-first
    entries.set(key, { result, expiresAt: now() + ttl });
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
  };

  return {
    async whoami(accessToken) {
      const key = createHash("sha256").update(accessToken).digest("base64url");
      const cached = entries.get(key);
      if (cached !== undefined) {
        if (cached.expiresAt > now()) return cached.result;
        entries.delete(key);
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const lookup = inner
        .whoami(accessToken)
        .then((result) => {
          remember(key, result);
          return result;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, lookup);
      return lookup;
    },
  };
}
