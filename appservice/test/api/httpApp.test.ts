import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHttpApp } from "../../src/api/httpApp.ts";
import type {
  HomeserverProbe,
  SynapseStatus,
  TokenVerifier,
  WhoamiResult,
} from "../../src/api/ports.ts";
import { makeCachedVerifier } from "../../src/api/tokenCache.ts";
import type { Org } from "../../src/directory/org.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { captureLogs } from "../helpers/logs.ts";
import { request, serve, type Served } from "../helpers/http.ts";

// In-memory homeserver: tokens → users, a switch for "Synapse is down", and a call counter.
class FakeHomeserver implements TokenVerifier, HomeserverProbe {
  readonly tokens = new Map<string, string>([
    ["alice-token", "@alice:staffroom.local"],
    ["dana-token", "@dana:staffroom.local"],
  ]);
  down = false;
  whoamiCalls = 0;

  whoami(token: string): Promise<WhoamiResult> {
    this.whoamiCalls++;
    if (this.down) return Promise.resolve({ status: "unavailable", reason: "ECONNREFUSED" });
    const userId = this.tokens.get(token);
    return Promise.resolve(
      userId === undefined
        ? { status: "invalid", errcode: "M_UNKNOWN_TOKEN", message: "Unknown token" }
        : { status: "valid", userId },
    );
  }

  isSynapseReachable(): Promise<SynapseStatus> {
    return Promise.resolve(
      this.down ? { reachable: false, error: "ECONNREFUSED" } : { reachable: true },
    );
  }
}

const org: Org = {
  operators: [{ userId: "@alice:staffroom.local", displayName: "Alice" }],
  departments: [],
  admins: ["@dana:staffroom.local"],
};

describe("HTTP app", () => {
  captureLogs("warn");
  const homeserver = new FakeHomeserver();
  const metrics = createMetrics(new Registry());
  let served: Served;
  const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    const app = makeHttpApp({
      tokenVerifier: makeCachedVerifier(homeserver, { ttlMs: 60_000 }),
      homeserver,
      getOrg: () => org,
      metrics,
      rateLimit: { requestsPerSecond: 1, burst: 1000 },
    });
    served = await serve(app);
  });
  afterAll(() => served.close());

  it("GET /api/me without a token is 401 M_MISSING_TOKEN", async () => {
    const res = await request(`${served.url}/api/me`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ errcode: "M_MISSING_TOKEN" });
  });

  it("GET /api/me with a refused token is 401 M_UNKNOWN_TOKEN", async () => {
    const res = await request(`${served.url}/api/me`, auth("stolen"));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ errcode: "M_UNKNOWN_TOKEN" });
  });

  it("GET /api/me with a valid token answers user_id and is_admin from the directory", async () => {
    const alice = await request(`${served.url}/api/me`, auth("alice-token"));
    expect(alice.status).toBe(200);
    expect(alice.body).toEqual({ user_id: "@alice:staffroom.local", is_admin: false });
    const dana = await request(`${served.url}/api/me`, auth("dana-token"));
    expect(dana.body).toEqual({ user_id: "@dana:staffroom.local", is_admin: true });
  });

  it("asks the homeserver once per token while the cache holds it", async () => {
    homeserver.tokens.set("fresh-token", "@alice:staffroom.local");
    const before = homeserver.whoamiCalls;
    await request(`${served.url}/api/me`, auth("fresh-token"));
    await request(`${served.url}/api/me`, auth("fresh-token"));
    expect(homeserver.whoamiCalls - before).toBe(1);
  });

  it("answers 503 (not 401) when the homeserver cannot verify the token", async () => {
    homeserver.down = true;
    try {
      const res = await request(`${served.url}/api/me`, auth("never-seen-token"));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ errcode: "STAFFROOM_HOMESERVER_UNAVAILABLE" });
    } finally {
      homeserver.down = false;
    }
  });

  it("answers unknown /api routes with 404 whatever the token", async () => {
    const res = await request(`${served.url}/api/unknown`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ errcode: "M_UNRECOGNIZED" });
  });

  it("GET /health is 200 ok, or 503 degraded with the reason", async () => {
    const ok = await request(`${served.url}/health`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: "ok", synapse: { reachable: true } });
    homeserver.down = true;
    try {
      const degraded = await request(`${served.url}/health`);
      expect(degraded.status).toBe(503);
      expect(degraded.body).toEqual({
        status: "degraded",
        synapse: { reachable: false, error: "ECONNREFUSED" },
      });
    } finally {
      homeserver.down = false;
    }
  });

  it("GET /metrics counts requests by route pattern, 401s included", async () => {
    const res = await request(`${served.url}/metrics`);
    expect(res.status).toBe(200);
    const text = String(res.body);
    expect(text).toMatch(
      /staffroom_http_requests_total\{method="GET",route="\/api\/me",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /staffroom_http_requests_total\{method="GET",route="\/api\/me",status="401"\} \d+/,
    );
    expect(text).toMatch(
      /staffroom_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/,
    );
  });
});

describe("rate limit", () => {
  captureLogs("warn");
  let served: Served;
  beforeAll(async () => {
    const homeserver = new FakeHomeserver();
    served = await serve(
      makeHttpApp({
        tokenVerifier: homeserver,
        homeserver,
        getOrg: () => org,
        metrics: createMetrics(new Registry()),
        rateLimit: { requestsPerSecond: 0.5, burst: 2 },
      }),
    );
  });
  afterAll(() => served.close());

  it("answers 429 M_LIMIT_EXCEEDED with retry_after_ms once the burst is spent", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof request>> | undefined;
    for (let i = 0; i < 3; i++) {
      last = await request(`${served.url}/api/me`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    expect(last?.body).toMatchObject({ errcode: "M_LIMIT_EXCEEDED" });
    const retry = (last?.body as { retry_after_ms: number }).retry_after_ms;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(2000);
    expect(last?.headers.get("retry-after")).toBe("2");
  });

  it("does not limit /health", async () => {
    const res = await request(`${served.url}/health`);
    expect(res.status).toBe(200);
  });
});
