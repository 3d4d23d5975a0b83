/**
 * Waits out the homeserver's rate limits instead of failing: a request answered `429
 * M_LIMIT_EXCEEDED` is sent again after the `retry_after_ms` the server asked for, within a
 * budget. Every request of a session goes through {@link withRateLimitRetry} (matrix-js-sdk's
 * `fetchFn`): messages, reactions, call signalling, state and receipts alike. Uploads, which the
 * SDK sends with XMLHttpRequest for their progress, use {@link waitBeforeRetry} directly.
 * While a send waits, its message stays on screen as "Sending…"; only when the budget runs out
 * does the person get an error, in words.
 */

/** How long a caller is willing to wait for the server. */
export type RetryPolicy = {
  /** A single wait longer than this is not waited out: the 429 goes to the caller. */
  maxWaitMs: number;
  /** All waits of one request together stay under this. */
  budgetMs: number;
  /** Tries in all, the first included. */
  maxAttempts: number;
};

/** Sends and everything else a running session does: worth waiting for. */
export const SESSION_RETRY: RetryPolicy = { maxWaitMs: 30_000, budgetMs: 90_000, maxAttempts: 8 };

/**
 * Sign-in: a short wait is better than an error, but a refusal for wrong passwords (a minute or
 * more) is told to the person at once.
 */
export const LOGIN_RETRY: RetryPolicy = { maxWaitMs: 10_000, budgetMs: 20_000, maxAttempts: 3 };

/** Wait when the server gives no hint: 1 s, doubling. */
function fallbackWaitMs(attempt: number): number {
  return 1000 * 2 ** (attempt - 1);
}

/**
 * The wait the server asked for: `retry_after_ms` in the Matrix error body, else the HTTP
 * `Retry-After` header (seconds).
 * @param body - the parsed JSON body, if any
 * @param retryAfterHeader - the header's value, if any
 * @returns milliseconds, or null when the server named none
 */
export function serverRetryAfterMs(body: unknown, retryAfterHeader: string | null): number | null {
  if (typeof body === "object" && body !== null && "retry_after_ms" in body) {
    const value = (body as { retry_after_ms: unknown }).retry_after_ms;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  }
  if (retryAfterHeader !== null && /^\d+$/.test(retryAfterHeader.trim())) {
    return Number(retryAfterHeader.trim()) * 1000;
  }
  return null;
}

/**
 * Decides whether to try a refused request again.
 * @param policy - the caller's {@link RetryPolicy}
 * @param attempt - tries made so far (1 after the first refusal)
 * @param waitedMs - time already spent waiting for this request
 * @param askedMs - {@link serverRetryAfterMs}
 * @returns how long to wait before the next try, or null to give up
 */
export function waitBeforeRetry(
  policy: RetryPolicy,
  attempt: number,
  waitedMs: number,
  askedMs: number | null,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  // A little more than asked: the server's bucket refills continuously, so arriving exactly on
  // time can be a hair early.
  const wait = askedMs === null ? fallbackWaitMs(attempt) : askedMs + 50;
  if (wait > policy.maxWaitMs || waitedMs + wait > policy.budgetMs) return null;
  return wait;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function askedWaitOf(response: Response): Promise<number | null> {
  let body: unknown = null;
  try {
    body = await response.clone().json();
  } catch {
    // Not JSON (a proxy's own 429 page): the header or the fallback decides.
  }
  return serverRetryAfterMs(body, response.headers.get("Retry-After"));
}

/**
 * Wraps `fetch` so a 429 is retried after the server's wait, within `policy`.
 * Streamed bodies cannot be sent twice, so those requests are never retried.
 * @param fetchFn - the fetch to wrap
 * @param policy - see {@link RetryPolicy}
 * @param onWait - told of each wait (for the log)
 * @returns a fetch with the same signature
 */
export function withRateLimitRetry(
  fetchFn: typeof fetch,
  policy: RetryPolicy,
  onWait: (url: string, ms: number) => void = () => {},
): typeof fetch {
  return async (input, init) => {
    const replayable = !(init?.body instanceof ReadableStream);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await fetchFn(input, init);
      if (response.status !== 429 || !replayable) return response;
      const wait = waitBeforeRetry(policy, attempt, waited, await askedWaitOf(response));
      if (wait === null) return response;
      onWait(String(input instanceof Request ? input.url : input), wait);
      await sleep(wait, init?.signal);
      waited += wait;
    }
  };
}
