/**
 * The LiveKit token service on a real Synapse and a real livekit-server: a member's OpenID token
 * buys a LiveKit join token that LiveKit itself accepts, for a room the service created; anyone
 * else is refused. Synapse's MatrixRTC transports endpoint points clients at the service.
 */
import { AccessToken, RoomServiceClient, TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { useTestEnv } from "../harness/testEnv.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { waitFor } from "../harness/waitFor.ts";

const env = useTestEnv({
  users: ["alice", "bob", "mallory", "dana"],
  admins: ["dana"],
  departments: [{ id: "sales", name: "Sales", members: ["alice", "bob"] }],
  livekit: true,
});

type OpenIdToken = {
  access_token: string;
  token_type: string;
  matrix_server_name: string;
  expires_in: number;
};
type Reply = { status: number; body: Record<string, unknown> };

const livekit = () => {
  const running = env().livekit;
  if (!running) throw new Error("the environment was started without livekit");
  return running;
};

function openIdToken(user: MatrixTestClient): Promise<OpenIdToken> {
  return user.request<OpenIdToken>(
    "POST",
    `/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/openid/request_token`,
    {},
  );
}

async function post(path: string, body: unknown): Promise<Reply> {
  const response = await fetch(`${env().appserviceUrl}/livekit/jwt${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const getTokenBody = (user: MatrixTestClient, roomId: string, openid: OpenIdToken) => ({
  room_id: roomId,
  slot_id: "m.call#ROOM",
  openid_token: openid,
  member: { id: "member-1", claimed_user_id: user.userId, claimed_device_id: "DEVICE1" },
});

/** The Sales room, once the start-up sync pass has made it. */
function salesRoom(): Promise<string> {
  const alias = `#dept-sales:${env().serverName}`;
  return waitFor(
    "the Sales room to be provisioned",
    async () => {
      const response = await fetch(
        `${env().synapse.url}/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`,
        { headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` } },
      );
      if (!response.ok) return undefined;
      const { room_id } = (await response.json()) as { room_id: string };
      const member = await env()
        .getUser("alice")
        .membership(room_id, env().getUser("alice").userId);
      return member === "join" ? room_id : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

/** LiveKit's own check of a join token (the HTTP twin of connecting: 200 "success" or why not). */
async function livekitValidates(jwt: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${livekit().apiUrl}/rtc/validate?access_token=${jwt}`);
  return { status: response.status, text: await response.text() };
}

describe("meetings: the LiveKit token service", () => {
  it("is what Synapse's MatrixRTC transports endpoint advertises", async () => {
    const transports = await env()
      .getUser("alice")
      .request<{ rtc_transports: unknown[] }>(
        "GET",
        "/_matrix/client/unstable/org.matrix.msc4143/rtc/transports",
      );
    expect(transports.rtc_transports).toEqual([
      { type: "livekit", livekit_service_url: `${env().appserviceUrl}/livekit/jwt` },
    ]);
  });

  it("gives a member a join token LiveKit accepts, for a room it created (get_token)", async () => {
    const alice = env().getUser("alice");
    const roomId = await salesRoom();
    const reply = await post("/get_token", getTokenBody(alice, roomId, await openIdToken(alice)));
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.url).toBe(livekit().wsUrl);

    const jwt = String(reply.body.jwt);
    const claims = await new TokenVerifier(livekit().apiKey, livekit().apiSecret).verify(jwt);
    expect(claims.sub).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(claims.video).toMatchObject({
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      room: expect.stringMatching(/^[A-Za-z0-9+/]{43}$/),
    });
    expect(claims.video?.roomCreate).toBeFalsy();

    const rooms = new RoomServiceClient(livekit().apiUrl, livekit().apiKey, livekit().apiSecret);
    const [room] = await rooms.listRooms([claims.video?.room ?? ""]);
    expect(room).toMatchObject({ name: claims.video?.room, emptyTimeout: 300 });
    expect(await livekitValidates(jwt)).toEqual({ status: 200, text: "success" });

    // The legacy route lands in the same LiveKit room, with a readable identity.
    const legacy = await post("/sfu/get", {
      room: roomId,
      openid_token: await openIdToken(alice),
      device_id: "DEVICE1",
    });
    expect(legacy.status, JSON.stringify(legacy.body)).toBe(200);
    const legacyClaims = await new TokenVerifier(livekit().apiKey, livekit().apiSecret).verify(
      String(legacy.body.jwt),
    );
    expect(legacyClaims.sub).toBe(`${alice.userId}:DEVICE1`);
    expect(legacyClaims.video?.room).toBe(claims.video?.room);
    expect(await livekitValidates(String(legacy.body.jwt))).toEqual({
      status: 200,
      text: "success",
    });
  });

  it("refuses a non-member with 403, and LiveKit never creates a room on its own", async () => {
    const mallory = env().getUser("mallory");
    const roomId = await salesRoom();
    const reply = await post(
      "/get_token",
      getTokenBody(mallory, roomId, await openIdToken(mallory)),
    );
    expect(reply).toEqual({
      status: 403,
      body: { errcode: "M_FORBIDDEN", error: `${mallory.userId} is not a member of ${roomId}.` },
    });
    const legacy = await post("/sfu/get", {
      room: roomId,
      openid_token: await openIdToken(mallory),
      device_id: "D",
    });
    expect(legacy).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });

    // A validly signed token for a room nobody created is refused by LiveKit (auto_create off).
    const token = new AccessToken(livekit().apiKey, livekit().apiSecret, { identity: "x" });
    token.addGrant({ room: "never-created", roomJoin: true });
    expect((await livekitValidates(await token.toJwt())).status).toBe(404);
  });

  it("refuses forged and other homeservers' OpenID tokens, and a borrowed identity", async () => {
    const alice = env().getUser("alice");
    const roomId = await salesRoom();
    const genuine = await openIdToken(alice);
    const forged = { ...genuine, access_token: "forged-token-0123456789" };
    expect(await post("/get_token", getTokenBody(alice, roomId, forged))).toMatchObject({
      status: 401,
      body: { errcode: "M_UNAUTHORIZED" },
    });
    const elsewhere = { ...genuine, matrix_server_name: "elsewhere.example" };
    expect(await post("/get_token", getTokenBody(alice, roomId, elsewhere))).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN" },
    });
    // Mallory's genuine token, claiming to be Alice.
    const mallory = env().getUser("mallory");
    const borrowed = getTokenBody(alice, roomId, await openIdToken(mallory));
    expect(await post("/get_token", borrowed)).toMatchObject({
      status: 401,
      body: { errcode: "M_UNAUTHORIZED", error: expect.stringContaining("claimed_user_id") },
    });
  });

  it("answers malformed requests with 400 M_BAD_JSON naming the field", async () => {
    const alice = env().getUser("alice");
    const body = getTokenBody(alice, await salesRoom(), await openIdToken(alice));
    expect(await post("/get_token", { ...body, slot_id: undefined })).toEqual({
      status: 400,
      body: { errcode: "M_BAD_JSON", error: "slot_id: is required" },
    });
    expect(await post("/get_token", { ...body, member: { ...body.member, id: 7 } })).toMatchObject({
      status: 400,
      body: {
        errcode: "M_BAD_JSON",
        error: expect.stringMatching(/^member\.id: must be a string/),
      },
    });
    expect(await post("/sfu/get", { room: body.room_id, openid_token: body.openid_token })).toEqual(
      { status: 400, body: { errcode: "M_BAD_JSON", error: "device_id: is required" } },
    );
  });
});
