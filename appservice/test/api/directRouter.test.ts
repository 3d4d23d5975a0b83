import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHttpApp } from "../../src/api/httpApp.ts";
import { makeDirectRoomService } from "../../src/direct/directRoomService.ts";
import type { Org } from "../../src/directory/org.ts";
import { HomeserverUnreachableError } from "../../src/matrix/botHttp.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { MemoryDirectRoomGateway, MemoryDirectRoomStore } from "../direct/fakes.ts";
import { captureLogs } from "../helpers/logs.ts";
import { tableVerifier } from "../helpers/tokens.ts";
import { request, serve, type Served } from "../helpers/http.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";

const tokens: Record<string, string> = { alice: A, bob: B, dana: "@dana:s.local" };
const verifier = tableVerifier(tokens);

const org: Org = {
  operators: [
    { userId: A, displayName: "Alice" },
    { userId: B, displayName: "Bob" },
  ],
  departments: [],
  admins: ["@dana:s.local"],
};

describe("POST /api/direct", () => {
  captureLogs("error");
  const gateway = new MemoryDirectRoomGateway();
  let served: Served;
  let synapseDown = false;

  beforeAll(async () => {
    const direct = makeDirectRoomService({ store: new MemoryDirectRoomStore(), gateway });
    const app = makeHttpApp({
      tokenVerifier: verifier,
      homeserver: { isSynapseReachable: () => Promise.resolve({ reachable: true }) },
      getOrg: () => org,
      metrics: createMetrics(new Registry()),
      rateLimit: { requestsPerSecond: 100, burst: 1000 },
      people: {
        direct: {
          ensureRoom: (pair) =>
            synapseDown
              ? Promise.reject(new HomeserverUnreachableError("ECONNREFUSED"))
              : direct.ensureRoom(pair),
          roomsOf: (userId) => direct.roomsOf(userId),
        },
        managedRooms: { list: () => Promise.resolve([]) },
        presence: { presenceOf: () => Promise.resolve({ presence: "unknown" }) },
      },
    });
    served = await serve(app);
  });
  afterAll(() => served.close());

  const post = (token: string | undefined, body: unknown) =>
    request(`${served.url}/api/direct`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("answers the pair's room, the same for both directions", async () => {
    const first = await post("alice", { user_id: B });
    expect(first).toMatchObject({ status: 200, body: { room_id: expect.stringMatching(/^!/) } });
    expect((await post("bob", { user_id: A })).body).toEqual(first.body);
  });

  it.each([
    ["no token", undefined, { user_id: B }, 401, "M_MISSING_TOKEN"],
    ["a caller outside the operators", "dana", { user_id: B }, 403, "M_FORBIDDEN"],
    ["no user_id", "alice", {}, 400, "M_INVALID_PARAM"],
    ["a bare localpart", "alice", { user_id: "bob" }, 400, "M_INVALID_PARAM"],
    ["a number", "alice", { user_id: 7 }, 400, "M_INVALID_PARAM"],
    ["broken JSON", "alice", "{", 400, "M_BAD_JSON"],
    ["oneself", "alice", { user_id: A }, 400, "M_INVALID_PARAM"],
    [
      "an org admin who is not an operator",
      "alice",
      { user_id: "@dana:s.local" },
      404,
      "M_NOT_FOUND",
    ],
    ["an unknown user", "alice", { user_id: "@zed:s.local" }, 404, "M_NOT_FOUND"],
  ])("refuses %s", async (_what, token, body, status, errcode) => {
    const answer = await post(token, body);
    expect(answer).toMatchObject({ status, body: { errcode, error: expect.any(String) } });
  });

  it("answers 503 STAFFROOM_HOMESERVER_UNAVAILABLE while Synapse cannot be reached", async () => {
    synapseDown = true;
    try {
      const answer = await post("alice", { user_id: B });
      expect(answer).toMatchObject({
        status: 503,
        body: { errcode: "STAFFROOM_HOMESERVER_UNAVAILABLE" },
      });
    } finally {
      synapseDown = false;
    }
  });
});
