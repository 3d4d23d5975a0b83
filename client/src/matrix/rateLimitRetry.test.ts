import { describe, expect, it, vi } from "vitest";
import { callFailureMessage } from "./callErrors.ts";
import {
  LOGIN_RETRY,
  SESSION_RETRY,
  serverRetryAfterMs,
  waitBeforeRetry,
  withRateLimitRetry,
} from "./rateLimitRetry.ts";

const limited = (retryAfterMs: number) =>
  new Response(JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", retry_after_ms: retryAfterMs }), {
    status: 429,
  });

describe("waitBeforeRetry", () => {
  it("waits what the server asked, a little more", () => {
    expect(waitBeforeRetry(SESSION_RETRY, 1, 0, 2000)).toBe(2050);
  });

  it("backs off from 1 s when the server names no wait", () => {
    expect(waitBeforeRetry(SESSION_RETRY, 1, 0, null)).toBe(1000);
    expect(waitBeforeRetry(SESSION_RETRY, 3, 3000, null)).toBe(4000);
  });

  it("gives up past one long wait, the budget or the attempts", () => {
    expect(waitBeforeRetry(LOGIN_RETRY, 1, 0, 60_000)).toBeNull();
    expect(waitBeforeRetry(SESSION_RETRY, 2, 89_000, 2000)).toBeNull();
    expect(waitBeforeRetry(SESSION_RETRY, SESSION_RETRY.maxAttempts, 0, 10)).toBeNull();
  });
});

describe("serverRetryAfterMs", () => {
  it("reads retry_after_ms, then Retry-After seconds", () => {
    expect(serverRetryAfterMs({ retry_after_ms: 1234 }, "9")).toBe(1234);
    expect(serverRetryAfterMs({ errcode: "M_LIMIT_EXCEEDED" }, "3")).toBe(3000);
    expect(serverRetryAfterMs(null, null)).toBeNull();
    expect(serverRetryAfterMs({ retry_after_ms: "soon" }, "later")).toBeNull();
  });
});

describe("withRateLimitRetry", () => {
  it("sends again after the server's wait and returns the answer", async () => {
    vi.useFakeTimers();
    try {
      const fetchFn = vi
        .fn<typeof fetch>()
        .mockResolvedValueOnce(limited(300))
        .mockResolvedValueOnce(new Response("{}", { status: 200 }));
      const waits: number[] = [];
      const patient = withRateLimitRetry(fetchFn, SESSION_RETRY, (_url, ms) => waits.push(ms));
      const answer = patient("http://hs/_matrix/client/v3/rooms/r/send/m.room.message/t1", {
        method: "PUT",
        body: '{"body":"hi"}',
      });
      await vi.advanceTimersByTimeAsync(349);
      expect(fetchFn).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect((await answer).status).toBe(200);
      expect(fetchFn).toHaveBeenCalledTimes(2);
      // The same request again: same URL (same transaction id), same body.
      expect(fetchFn.mock.calls[1]).toEqual(fetchFn.mock.calls[0]);
      expect(waits).toEqual([350]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("hands a long refusal to the caller at once", async () => {
    const fetchFn = vi.fn<typeof fetch>().mockResolvedValue(limited(120_000));
    const answer = await withRateLimitRetry(fetchFn, LOGIN_RETRY)("http://hs/login", {
      method: "POST",
      body: "{}",
    });
    expect(answer.status).toBe(429);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it("stops waiting when the request is aborted", async () => {
    const fetchFn = vi.fn<typeof fetch>().mockResolvedValue(limited(5000));
    const abort = new AbortController();
    const answer = withRateLimitRetry(fetchFn, SESSION_RETRY)("http://hs/sync", {
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(new DOMException("stopped", "AbortError")), 10);
    await expect(answer).rejects.toThrow("stopped");
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it("passes other answers through untouched", async () => {
    const fetchFn = vi.fn<typeof fetch>().mockResolvedValue(new Response("no", { status: 403 }));
    expect((await withRateLimitRetry(fetchFn, SESSION_RETRY)("http://hs/x")).status).toBe(403);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });
});

describe("callFailureMessage", () => {
  it("says what went wrong in words, never the code", () => {
    const message = callFailureMessage("send_invite");
    expect(message).toBe(
      "The call could not be started: the server did not take the call request. Please try again.",
    );
    expect(callFailureMessage("made_up")).toBe("The call failed. Please try again.");
    expect(callFailureMessage("user_busy")).toBe("The other person is busy in another call.");
  });
});
