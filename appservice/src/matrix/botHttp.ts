/**
 * The bot's HTTP client for Synapse: the client-server API and the Admin API, authenticated with
 * the appservice's `as_token` (which acts as `@staffbot`, a server admin). Every Matrix call the
 * domain makes on the bot's behalf goes through one of these, so retries, back-off, error shapes
 * and the request counters (what the membership-sync benchmark prints) live in one place.
 */
import { makeLogger } from "../observability/logger.ts";

const log = makeLogger("BotHttp");

/** An error answer from Synapse, with its status and Matrix errcode. */
export class MatrixApiError extends Error {
  override name = "MatrixApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly errcode: string | undefined,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Synapse could not be reached at all (network error or timeout) after the retries. */
export class HomeserverUnreachableError extends Error {
  override name = "HomeserverUnreachableError";
}

/** Options of one request. */
export type BotRequestOptions = {
  body?: unknown;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Act as this user in the appservice's namespace (`?user_id=`); default: the bot. */
  asUser?: string;
  /** Use this access token instead of the as_token (e.g. a short-lived admin login as a user). */
  accessToken?: string;
  /**
   * Send no Authorization header: for endpoints that authenticate otherwise, such as OpenID
   * userinfo (Synapse reads any Authorization there as a federation signature and refuses it).
   */
  anonymous?: boolean;
  /** Attempts on 429 / 5xx / network errors (default 4). 4xx other than 429 never retry. */
  attempts?: number;
};

/** Request counts since creation (or the last reset), split into reads and writes. */
export type RequestCounts = { reads: number; writes: number; retries: number };

/** The client. `request` throws MatrixApiError for error answers. */
export interface BotHttp {
  readonly botUserId: string;
  request<T>(method: string, path: string, options?: BotRequestOptions): Promise<T>;
  /** Counts of requests sent (each retry counts again under `retries`). */
  counts(): RequestCounts;
  resetCounts(): void;
}

/** Options of {@link makeBotHttp}. */
export type BotHttpOptions = {
  baseUrl: string;
  asToken: string;
  botUserId: string;
  /** Per-attempt timeout in ms (default 30 s: purges and room creation can be slow). */
  timeoutMs?: number;
  /** First back-off delay in ms (doubles per attempt; Synapse's retry_after_ms wins). */
  backoffMs?: number;
  fetch?: typeof fetch;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Encodes a path segment (room IDs, user IDs, aliases, event types). */
export const seg = (value: string): string => encodeURIComponent(value);

/** Builds a {@link BotHttp}. */
export function makeBotHttp(options: BotHttpOptions): BotHttp {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 250;
  let counts: RequestCounts = { reads: 0, writes: 0, retries: 0 };

  async function attempt(method: string, url: string, opts: BotRequestOptions) {
    const response = await doFetch(url, {
      method,
      headers: {
        ...(opts.anonymous
          ? {}
          : { Authorization: `Bearer ${opts.accessToken ?? options.asToken}` }),
        ...(opts.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { error: text.slice(0, 200) };
    }
    return { response, json };
  }

  return {
    botUserId: options.botUserId,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = { reads: 0, writes: 0, retries: 0 };
    },
    async request<T>(method: string, path: string, opts: BotRequestOptions = {}): Promise<T> {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(opts.query ?? {})) {
        if (value !== undefined) query.set(key, String(value));
      }
      if (opts.asUser && opts.asUser !== options.botUserId) query.set("user_id", opts.asUser);
      const url = `${base}${path}${query.size > 0 ? `?${query}` : ""}`;
      const attempts = Math.max(1, opts.attempts ?? 4);
      for (let n = 1; ; n++) {
        if (n === 1) counts[method === "GET" ? "reads" : "writes"]++;
        else counts.retries++;
        let result;
        try {
          result = await attempt(method, url, opts);
        } catch (error) {
          if (n >= attempts) {
            throw new HomeserverUnreachableError(
              `${method} ${path}: Synapse unreachable (${(error as Error).message})`,
              { cause: error },
            );
          }
          await sleep(backoffMs * 2 ** (n - 1));
          continue;
        }
        const { response, json } = result;
        if (response.ok) return json as T;
        const errcode = typeof json.errcode === "string" ? json.errcode : undefined;
        const retryable = response.status === 429 || response.status >= 500;
        if (retryable && n < attempts) {
          const hinted = typeof json.retry_after_ms === "number" ? json.retry_after_ms : 0;
          const delay = Math.max(hinted, backoffMs * 2 ** (n - 1));
          log.debug(`retrying ${method} ${path} in ${delay} ms (HTTP ${response.status})`);
          await sleep(delay);
          continue;
        }
        const detail = typeof json.error === "string" ? json.error : "";
        throw new MatrixApiError(
          `${method} ${path} → ${response.status} ${errcode ?? ""} ${detail}`.trim(),
          response.status,
          errcode,
          json,
        );
      }
    },
  };
}
