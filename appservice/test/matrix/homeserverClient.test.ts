import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { makeHomeserverClient } from "../../src/matrix/homeserverClient.ts";

function fakeFetch(
  answer: (url: string, init?: RequestInit) => Response | Promise<Response>,
): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    Promise.resolve(answer(String(input), init))) as typeof fetch;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("makeHomeserverClient", () => {
  it("sends the token to whoami and returns the user ID", async () => {
    const seen: string[] = [];
    const client = makeHomeserverClient({
      baseUrl: "http://hs:8008/",
      fetch: fakeFetch((url, init) => {
        seen.push(`${url} ${new Headers(init?.headers).get("authorization") ?? ""}`);
        return json(200, { user_id: "@alice:hs", device_id: "D" });
      }),
    });
    expect(await client.whoami("tok")).toEqual({ status: "valid", userId: "@alice:hs" });
    expect(seen).toEqual(["http://hs:8008/_matrix/client/v3/account/whoami Bearer tok"]);
  });

  it("maps 401 to invalid, and 5xx, 429 or a network error to unavailable", async () => {
    const answers: Record<string, () => Response> = {
      refused: () =>
        json(401, { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token passed." }),
      broken: () => json(502, {}),
      busy: () => json(429, { errcode: "M_LIMIT_EXCEEDED" }),
      down: () => {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
        });
      },
    };
    const client = makeHomeserverClient({
      baseUrl: "http://hs:8008",
      fetch: fakeFetch((_url, init) => {
        const token = new Headers(init?.headers).get("authorization")?.slice(7) ?? "";
        return answers[token]?.() ?? json(500, {});
      }),
    });
    expect(await client.whoami("refused")).toEqual({
      status: "invalid",
      errcode: "M_UNKNOWN_TOKEN",
      message: "Invalid access token passed.",
    });
    expect(await client.whoami("broken")).toEqual({
      status: "unavailable",
      reason: "whoami answered HTTP 502",
    });
    expect(await client.whoami("busy")).toMatchObject({ status: "unavailable" });
    expect(await client.whoami("down")).toEqual({ status: "unavailable", reason: "ECONNREFUSED" });
  });

  it("probes /_matrix/client/versions for /health", async () => {
    const up = makeHomeserverClient({
      baseUrl: "http://hs",
      fetch: fakeFetch(() => json(200, { versions: ["v1.11"] })),
    });
    expect(await up.isSynapseReachable()).toEqual({ reachable: true });
    const wrong = makeHomeserverClient({
      baseUrl: "http://hs",
      fetch: fakeFetch(() => json(200, { hello: 1 })),
    });
    expect(await wrong.isSynapseReachable()).toMatchObject({ reachable: false });
    const failing = makeHomeserverClient({
      baseUrl: "http://hs",
      fetch: fakeFetch(() => json(503, {})),
    });
    expect(await failing.isSynapseReachable()).toEqual({ reachable: false, error: "HTTP 503" });
  });

  it("reports a real connection failure as unreachable", async () => {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const client = makeHomeserverClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    expect(await client.isSynapseReachable()).toEqual({ reachable: false, error: "ECONNREFUSED" });
  });
});
