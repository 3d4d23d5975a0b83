import { describe, expect, it } from "vitest";
import type { TokenVerifier, WhoamiResult } from "../../src/api/ports.ts";
import { makeCachedVerifier } from "../../src/api/tokenCache.ts";

function scripted(results: Record<string, WhoamiResult>): TokenVerifier & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    whoami(token) {
      calls.push(token);
      const result = results[token];
      if (result === undefined) throw new Error(`unexpected token ${token}`);
      return Promise.resolve(result);
    },
  };
}

const valid: WhoamiResult = { status: "valid", userId: "@a:hs" };
const invalid: WhoamiResult = { status: "invalid", errcode: "M_UNKNOWN_TOKEN", message: "no" };
const unavailable: WhoamiResult = { status: "unavailable", reason: "down" };

describe("makeCachedVerifier", () => {
  it("keeps valid tokens for the TTL, then asks again", async () => {
    let now = 0;
    const inner = scripted({ good: valid });
    const cached = makeCachedVerifier(inner, { ttlMs: 60_000, now: () => now });
    expect(await cached.whoami("good")).toEqual(valid);
    now = 59_999;
    await cached.whoami("good");
    expect(inner.calls).toHaveLength(1);
    now = 60_000;
    await cached.whoami("good");
    expect(inner.calls).toHaveLength(2);
  });

  it("keeps refused tokens only briefly and never caches 'unavailable'", async () => {
    let now = 0;
    const inner = scripted({ bad: invalid, flaky: unavailable });
    const cached = makeCachedVerifier(inner, {
      ttlMs: 60_000,
      negativeTtlMs: 5_000,
      now: () => now,
    });
    await cached.whoami("bad");
    await cached.whoami("bad");
    expect(inner.calls).toEqual(["bad"]);
    now = 5_000;
    await cached.whoami("bad");
    await cached.whoami("flaky");
    await cached.whoami("flaky");
    expect(inner.calls).toEqual(["bad", "bad", "flaky", "flaky"]);
  });

  it("shares one lookup between concurrent requests with the same token", async () => {
    const inner = scripted({ good: valid });
    const cached = makeCachedVerifier(inner, { ttlMs: 0 });
    const results = await Promise.all([cached.whoami("good"), cached.whoami("good")]);
    expect(results).toEqual([valid, valid]);
    expect(inner.calls).toHaveLength(1);
  });

  it("evicts the oldest entry beyond maxEntries", async () => {
    const inner = scripted({ a: valid, b: valid, c: valid });
    const cached = makeCachedVerifier(inner, { ttlMs: 60_000, maxEntries: 2 });
    for (const token of ["a", "b", "c", "a"]) await cached.whoami(token);
    expect(inner.calls).toEqual(["a", "b", "c", "a"]);
  });
});
