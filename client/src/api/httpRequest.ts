import type { ApiErrorBody } from "@staffroom/appservice/contract";
import { ApiError, NETWORK_ERRCODE } from "./apiError.ts";

/** Options shared by every `/api` caller. */
export type RequestOptions = {
  /** The Matrix access token; the appservice verifies it with Synapse. Absent for the few
   * routes anyone may call (a guest redeeming an invitation link). */
  accessToken?: string;
  /** Prefix for `/api/...`; empty means the page's own origin (the usual, proxied set-up). */
  baseUrl?: string;
  /** `fetch`, injectable for tests. */
  fetch?: typeof fetch;
};

/** One JSON `/api` call; rejects with an {@link ApiError}. */
export type ApiRequest = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The options' base URL without a trailing slash ("" = the page's own origin). */
export function apiBase(options: RequestOptions): string {
  return (options.baseUrl ?? "").replace(/\/+$/, "");
}

/** The message shown when the service could not be reached at all. */
export const UNREACHABLE_MESSAGE =
  "Can't reach the Staffroom service. Check your connection and try again.";

/**
 * Creates the JSON request function behind every `/api` method. Every failure becomes an
 * {@link ApiError}: `{errcode, error}` bodies keep their code and text, anything else gets a
 * readable summary.
 */
export function createRequest(options: RequestOptions): ApiRequest {
  const base = apiBase(options);
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.accessToken !== undefined)
      headers["Authorization"] = `Bearer ${options.accessToken}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetchFn(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, NETWORK_ERRCODE, UNREACHABLE_MESSAGE, { cause: error });
    }
    const parsed = parseJson(await response.text());
    if (response.ok && parsed.ok) return parsed.value as T;
    throw toApiError(
      response.status,
      parsed.ok ? parsed.value : undefined,
      parsed.ok ? undefined : parsed.error,
    );
  };
}

/** Parses a body that should be JSON, without throwing. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body["errcode"] === "string" && typeof body["error"] === "string";
}

/** Turns a refused or unreadable answer into a readable {@link ApiError}. */
export function toApiError(status: number, body: unknown, cause: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.errcode, body.error);
  if (status >= 200 && status < 300) {
    return new ApiError(
      status,
      "M_UNKNOWN",
      "The Staffroom service sent a response that could not be read.",
      { cause },
    );
  }
  // A proxy in front of a stopped appservice answers 502/503 (or 500) with no JSON body.
  if (status >= 500) {
    return new ApiError(
      status,
      NETWORK_ERRCODE,
      `The Staffroom service is not responding (HTTP ${status}).`,
      { cause },
    );
  }
  return new ApiError(
    status,
    "M_UNKNOWN",
    `The Staffroom service refused the request (HTTP ${status}).`,
    { cause },
  );
}
