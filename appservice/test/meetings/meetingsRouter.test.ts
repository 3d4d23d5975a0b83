import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHttpApp, type HttpAppDeps } from "../../src/api/httpApp.ts";
import {
  livekitIdentity,
  livekitRoomAlias,
  ROOM_CALL_SLOT,
} from "../../src/meetings/livekitIds.ts";
import { makeLivekitSfu } from "../../src/meetings/livekitSfu.ts";
import {
  SfuUnavailableError,
  type MeetingsHomeserver,
  type Sfu,
} from "../../src/meetings/ports.ts";
import { makeTokenService } from "../../src/meetings/tokenService.ts";
import { createMetrics } from "../../src/observability/metrics.ts";
import { captureLogs } from "../helpers/logs.ts";
import { request, serve, type Served } from "../helpers/http.ts";
import { tableVerifier } from "../helpers/tokens.ts";

/** The claims of a JWT (the signature is LiveKit's business; the integration test proves it). */
function jwtDecode<T>(jwt: string): T {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as T;
}

const ROOM = "!dept:s.local";
const ALICE = "@alice:s.local";
const MALLORY = "@mallory:s.local";

/** OpenID tokens → users; "down" means Synapse can't answer. */
const openIdTokens: Record<string, string> = { "oid-alice": ALICE, "oid-mallory": MALLORY };
const homeserver: MeetingsHomeserver = {
  openIdUser: (token) =>
    Promise.resolve(
      token === "down"
        ? { status: "unavailable", reason: "ECONNREFUSED" }
        : openIdTokens[token]
          ? { status: "valid", userId: openIdTokens[token] }
          : { status: "invalid" },
    ),
  isJoined: (roomId, userId) => Promise.resolve(roomId === ROOM && userId === ALICE),
};

const createdRooms: string[] = [];
let sfuDown = false;
const realSfu = makeLivekitSfu({
  url: "ws://127.0.0.1:7880",
  api_url: "http://127.0.0.1:1",
  api_key: "testkey",
  api_secret: "s".repeat(32),
});
const sfu: Sfu = {
  url: realSfu.url,
  ensureRoom(room) {
    if (sfuDown) return Promise.reject(new SfuUnavailableError("LiveKit at x is not reachable"));
    createdRooms.push(room);
    return Promise.resolve();
  },
  mintToken: (room, identity) => realSfu.mintToken(room, identity),
};

const base = (): HttpAppDeps => ({
  tokenVerifier: tableVerifier({}),
  homeserver: { isSynapseReachable: () => Promise.resolve({ reachable: true }) },
  getOrg: () => ({ operators: [], departments: [], admins: [] }),
  metrics: createMetrics(new Registry()),
  rateLimit: { requestsPerSecond: 100, burst: 1000 },
});

const openid = (token: string, server = "s.local") => ({
  access_token: token,
  token_type: "Bearer",
  matrix_server_name: server,
  expires_in: 3600,
});
const getTokenBody = (token = "oid-alice", overrides: Record<string, unknown> = {}) => ({
  room_id: ROOM,
  slot_id: ROOM_CALL_SLOT,
  openid_token: openid(token),
  member: { id: "member1", claimed_user_id: ALICE, claimed_device_id: "DEV1" },
  ...overrides,
});

describe("/livekit/jwt", () => {
  captureLogs("error");
  let served: Served;
  beforeAll(async () => {
    const service = makeTokenService({ serverName: "s.local", homeserver, sfu });
    served = await serve(makeHttpApp({ ...base(), meetings: { enabled: true, service } }));
  });
  afterAll(() => served.close());

  const post = (path: string, body: unknown) =>
    request(`${served.url}/livekit/jwt${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("gives a member a one-hour join token for the slot's LiveKit room, and creates that room", async () => {
    const res = await post("/get_token", getTokenBody());
    expect(res.status).toBe(200);
    const body = res.body as { url: string; jwt: string };
    expect(body.url).toBe("ws://127.0.0.1:7880");
    const room = livekitRoomAlias(ROOM, ROOM_CALL_SLOT);
    expect(createdRooms).toContain(room);
    const claims = jwtDecode<{ sub: string; iss: string; exp: number; nbf: number; video: object }>(
      body.jwt,
    );
    expect(claims.sub).toBe(livekitIdentity(ALICE, "DEV1", "member1"));
    expect(claims.iss).toBe("testkey");
    expect(claims.exp - claims.nbf).toBe(3600);
    expect(claims.video).toEqual({
      room,
      roomJoin: true,
      roomCreate: false,
      canPublish: true,
      canSubscribe: true,
      canUpdateOwnMetadata: true,
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("serves the legacy /sfu/get with the user:device identity in the m.call#ROOM room", async () => {
    const res = await post("/sfu/get", {
      room: ROOM,
      openid_token: openid("oid-alice"),
      device_id: "DEV1",
    });
    expect(res.status).toBe(200);
    const claims = jwtDecode<{ sub: string; video: { room: string } }>(
      (res.body as { jwt: string }).jwt,
    );
    expect(claims.sub).toBe(`${ALICE}:DEV1`);
    expect(claims.video.room).toBe(livekitRoomAlias(ROOM, ROOM_CALL_SLOT));
  });

  it("refuses a non-member with 403 M_FORBIDDEN, on both routes", async () => {
    const body = getTokenBody("oid-mallory", {
      member: { id: "m", claimed_user_id: MALLORY, claimed_device_id: "D" },
    });
    expect(await post("/get_token", body)).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: `${MALLORY} is not a member of ${ROOM}.` },
    });
    expect(
      await post("/sfu/get", { room: ROOM, openid_token: openid("oid-mallory"), device_id: "D" }),
    ).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
  });

  it("refuses unknown OpenID tokens (401), other homeservers' (403), and a claimed user that isn't the token's (401)", async () => {
    expect(await post("/get_token", getTokenBody("forged"))).toMatchObject({
      status: 401,
      body: { errcode: "M_UNAUTHORIZED" },
    });
    expect(
      await post(
        "/get_token",
        getTokenBody("oid-alice", { openid_token: openid("oid-alice", "evil.example") }),
      ),
    ).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: expect.stringContaining("evil.example") },
    });
    const claimsBob = getTokenBody("oid-alice", {
      member: { id: "m", claimed_user_id: "@bob:s.local", claimed_device_id: "D" },
    });
    expect(await post("/get_token", claimsBob)).toMatchObject({
      status: 401,
      body: { errcode: "M_UNAUTHORIZED", error: expect.stringContaining("member.claimed_user_id") },
    });
    expect(await post("/get_token", getTokenBody("down"))).toMatchObject({
      status: 503,
      body: { errcode: "STAFFROOM_HOMESERVER_UNAVAILABLE" },
    });
  });

  it("answers malformed bodies with 400 M_BAD_JSON naming the field", async () => {
    const { member: _member, ...noMember } = getTokenBody();
    expect(await post("/get_token", noMember)).toMatchObject({
      status: 400,
      body: { errcode: "M_BAD_JSON", error: "member: is required" },
    });
    const noDevice = getTokenBody("oid-alice", { member: { id: "m", claimed_user_id: ALICE } });
    expect(await post("/get_token", noDevice)).toMatchObject({
      status: 400,
      body: { errcode: "M_BAD_JSON", error: "member.claimed_device_id: is required" },
    });
    expect(await post("/get_token", getTokenBody("oid-alice", { room_id: "dept" }))).toMatchObject({
      status: 400,
      body: {
        errcode: "M_BAD_JSON",
        error: expect.stringMatching(/^room_id: must be a Matrix room ID/),
      },
    });
    expect(
      await post("/sfu/get", { room: ROOM, openid_token: { access_token: "x" }, device_id: "D" }),
    ).toMatchObject({
      status: 400,
      body: { errcode: "M_BAD_JSON", error: "openid_token.matrix_server_name: is required" },
    });
    expect(await post("/get_token", "{not json")).toMatchObject({
      status: 400,
      body: { errcode: "M_BAD_JSON" },
    });
  });

  it("says 503 M_UNAVAILABLE when LiveKit can't be reached, and answers CORS preflights", async () => {
    sfuDown = true;
    try {
      expect(await post("/get_token", getTokenBody())).toMatchObject({
        status: 503,
        body: { errcode: "M_UNAVAILABLE", error: "LiveKit at x is not reachable" },
      });
    } finally {
      sfuDown = false;
    }
    const preflight = await fetch(`${served.url}/livekit/jwt/get_token`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(await request(`${served.url}/livekit/jwt/healthz`)).toMatchObject({ status: 200 });
  });
});

describe("/livekit/jwt with meetings off", () => {
  captureLogs("error");
  let served: Served;
  beforeAll(async () => {
    served = await serve(
      makeHttpApp({ ...base(), meetings: { enabled: false, reason: "they are turned off." } }),
    );
  });
  afterAll(() => served.close());

  it("answers every route 503 M_UNAVAILABLE with the reason", async () => {
    for (const [method, path] of [
      ["POST", "/get_token"],
      ["POST", "/sfu/get"],
      ["GET", "/healthz"],
    ] as const) {
      expect(await request(`${served.url}/livekit/jwt${path}`, { method }), path).toMatchObject({
        status: 503,
        body: { errcode: "M_UNAVAILABLE", error: "Meetings are unavailable: they are turned off." },
      });
    }
  });
});

describe("the LiveKit SFU adapter", () => {
  it("explains a missing key file instead of failing the appservice", async () => {
    const sfuWithoutKeys = makeLivekitSfu({
      url: "ws://127.0.0.1:7880",
      api_url: "http://127.0.0.1:1",
      key_file: "/nonexistent/keys.yaml",
    });
    await expect(sfuWithoutKeys.mintToken("r", "i")).rejects.toThrow(
      /LiveKit's key file \/nonexistent\/keys\.yaml can't be read \(ENOENT\)/,
    );
  });

  it("says LiveKit is not reachable when nothing listens at api_url", async () => {
    await expect(realSfu.ensureRoom("r")).rejects.toThrow(
      /LiveKit at http:\/\/127\.0\.0\.1:1 is not reachable/,
    );
  });
});
