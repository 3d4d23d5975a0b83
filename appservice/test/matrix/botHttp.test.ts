import { describe, expect, it } from "vitest";
import {
  HomeserverUnreachableError,
  makeBotHttp,
  MatrixApiError,
} from "../../src/matrix/botHttp.ts";

type Call = { method: string; url: string; auth: string | null; body: string | undefined };

function fakeFetch(answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fn = (async (url: string | URL, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? "GET",
      url: String(url),
      auth: new Headers(init?.headers).get("authorization"),
      body: init?.body as string | undefined,
    });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { fn, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const client = (fetch: typeof globalThis.fetch) =>
  makeBotHttp({
    baseUrl: "http://hs.test/",
    asToken: "as-token",
    botUserId: "@staffbot:hs.test",
    backoffMs: 1,
    fetch,
  });

describe("makeBotHttp", () => {
  it("sends the as_token, JSON body and query, masquerading when asked", async () => {
    const { fn, calls } = fakeFetch([json(200, { event_id: "$e" })]);
    const http = client(fn);
    const result = await http.request<{ event_id: string }>("PUT", "/_matrix/client/v3/x", {
      body: { a: 1 },
      query: { limit: 5, skip: undefined },
      asUser: "@alice:hs.test",
    });
    expect(result).toEqual({ event_id: "$e" });
    expect(calls[0]).toMatchObject({
      method: "PUT",
      url: "http://hs.test/_matrix/client/v3/x?limit=5&user_id=%40alice%3Ahs.test",
      auth: "Bearer as-token",
      body: '{"a":1}',
    });
    expect(http.counts()).toEqual({ reads: 0, writes: 1, retries: 0 });
  });

  it("retries 429 and 5xx, then succeeds, counting the retries", async () => {
    const { fn, calls } = fakeFetch([
      json(429, { errcode: "M_LIMIT_EXCEEDED", retry_after_ms: 2 }),
      json(502, {}),
      json(200, { ok: true }),
    ]);
    const http = client(fn);
    expect(await http.request("GET", "/state")).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(http.counts()).toEqual({ reads: 1, writes: 0, retries: 2 });
  });

  it("throws MatrixApiError with the errcode for a 4xx without retrying", async () => {
    const { fn, calls } = fakeFetch([json(403, { errcode: "M_FORBIDDEN", error: "nope" })]);
    const error = await client(fn)
      .request("POST", "/kick")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MatrixApiError);
    expect(error).toMatchObject({ status: 403, errcode: "M_FORBIDDEN" });
    expect(calls).toHaveLength(1);
  });

  it("gives up on an unreachable Synapse with a named error", async () => {
    const { fn } = fakeFetch([new TypeError("fetch failed"), new TypeError("fetch failed")]);
    await expect(client(fn).request("GET", "/x", { attempts: 2 })).rejects.toBeInstanceOf(
      HomeserverUnreachableError,
    );
  });

  it("uses a given access token instead of the as_token", async () => {
    const { fn, calls } = fakeFetch([json(200, {})]);
    await client(fn).request("PUT", "/account_data", { accessToken: "user-token", body: {} });
    expect(calls[0]?.auth).toBe("Bearer user-token");
  });

  it("sends no Authorization at all for anonymous requests (OpenID userinfo)", async () => {
    const { fn, calls } = fakeFetch([json(200, { sub: "@a:hs.test" })]);
    await client(fn).request("GET", "/userinfo", { query: { access_token: "t" }, anonymous: true });
    expect(calls[0]).toMatchObject({ auth: null, url: "http://hs.test/userinfo?access_token=t" });
  });
});
