import type { HomeserverProbe, TokenVerifier, WhoamiResult } from "../api/ports.ts";

/** Options of {@link makeHomeserverClient}. */
export type HomeserverClientOptions = {
  /** Client-server API base URL (`homeserver.url`). */
  baseUrl: string;
  /** Give up on Synapse after this long (ms). Default 5000. */
  timeoutMs?: number;
  /** fetch implementation, injectable for tests. */
  fetch?: typeof fetch;
};

/**
 * Plain client-server API calls that need no bot identity: token checks (whoami) and the
 * reachability probe behind /health. Network failures and 5xx become "unavailable", never
 * "invalid token": a Synapse restart must not log everyone out of the web client.
 */
export function makeHomeserverClient(
  options: HomeserverClientOptions,
): TokenVerifier & HomeserverProbe {
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;

  const get = (path: string, token?: string): Promise<Response> =>
    doFetch(`${base}${path}`, {
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });

  return {
    async whoami(accessToken): Promise<WhoamiResult> {
      let response: Response;
      try {
        response = await get("/_matrix/client/v3/account/whoami", accessToken);
      } catch (error) {
        return { status: "unavailable", reason: describeFetchError(error) };
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok && typeof body["user_id"] === "string") {
        return { status: "valid", userId: body["user_id"] };
      }
      if (response.status === 401 || response.status === 403) {
        return {
          status: "invalid",
          errcode: typeof body["errcode"] === "string" ? body["errcode"] : "M_UNKNOWN_TOKEN",
          message: typeof body["error"] === "string" ? body["error"] : "token refused",
        };
      }
      return { status: "unavailable", reason: `whoami answered HTTP ${response.status}` };
    },

    async isSynapseReachable() {
      try {
        const response = await get("/_matrix/client/versions");
        if (!response.ok) return { reachable: false, error: `HTTP ${response.status}` };
        const body = (await response.json()) as { versions?: unknown };
        if (!Array.isArray(body.versions)) {
          return { reachable: false, error: "not a Matrix homeserver (no versions list)" };
        }
        return { reachable: true };
      } catch (error) {
        return { reachable: false, error: describeFetchError(error) };
      }
    },
  };
}

// undici wraps the useful reason (ECONNREFUSED, timeout) in `cause`.
function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
    return error.message;
  }
  return String(error);
}
