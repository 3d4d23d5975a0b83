import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "./apiClient.ts";
import { ApiError, NETWORK_ERRCODE } from "./apiError.ts";

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

describe("createApiClient", () => {
  it("sends the bearer token and returns the body", async () => {
    const fetchFn = vi.fn<typeof fetch>(() =>
      Promise.resolve(jsonResponse(200, { user_id: "@alice:staffroom.local", is_admin: true })),
    );
    const api = createApiClient({ accessToken: "tok", fetch: fetchFn });
    await expect(api.me()).resolves.toEqual({ user_id: "@alice:staffroom.local", is_admin: true });
    const [url, init] = fetchFn.mock.calls[0] ?? [];
    expect(url).toBe("/api/me");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer tok");
  });

  it("maps {errcode, error} bodies to ApiError", async () => {
    const body = { errcode: "M_UNKNOWN_TOKEN", error: "Access token is not valid" };
    const api = createApiClient({
      accessToken: "bad",
      fetch: () => Promise.resolve(jsonResponse(401, body)),
    });
    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      errcode: "M_UNKNOWN_TOKEN",
      message: "Access token is not valid",
    });
  });

  it("turns a network failure into a readable ApiError", async () => {
    const api = createApiClient({
      accessToken: "tok",
      fetch: () => Promise.reject(new TypeError("Failed to fetch")),
    });
    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, errcode: NETWORK_ERRCODE, isNetworkError: true });
    expect((error as ApiError).message).toMatch(/Can't reach the Staffroom service/);
  });

  it("treats a bodyless 502 from the proxy as the service being down", async () => {
    const api = createApiClient({
      accessToken: "tok",
      fetch: () => Promise.resolve(new Response("", { status: 502 })),
    });
    await expect(api.me()).rejects.toMatchObject({ status: 502, isNetworkError: true });
  });

  it("reports non-JSON client errors with their status", async () => {
    const api = createApiClient({
      accessToken: "tok",
      fetch: () => Promise.resolve(new Response("Not Found", { status: 404 })),
    });
    await expect(api.me()).rejects.toMatchObject({ status: 404, errcode: "M_UNKNOWN" });
  });
});
