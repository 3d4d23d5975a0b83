import { describe, expect, it } from "vitest";
import { makeDirectRoomStore } from "../../appservice/src/db/directRoomStore.ts";
import { createKnex } from "../../appservice/src/db/knexFactory.ts";
import { migrateToLatest } from "../../appservice/src/db/migrate.ts";
import { makePair } from "../../appservice/src/direct/directPair.ts";
import { makeDirectRoomService } from "../../appservice/src/direct/directRoomService.ts";
import { makeBotHttp } from "../../appservice/src/matrix/botHttp.ts";
import { makeDirectRoomGateway } from "../../appservice/src/matrix/directRoomGateway.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { registerOutsider } from "../harness/synapse.ts";
import { useTestEnv } from "../harness/testEnv.ts";

// POST /api/direct against a real Synapse: one room per operator pair, both joined at once,
// m.direct set for both, the same room for both directions and under concurrency.

const env = useTestEnv({ users: ["alice", "bob", "carol", "dave", "erin"] });

type Answer = { status: number; body: Record<string, unknown> };

async function postDirect(token: string | undefined, body: unknown): Promise<Answer> {
  const response = await fetch(new URL("/api/direct", env().appserviceUrl), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function openDirect(from: MatrixTestClient, to: MatrixTestClient): Promise<string> {
  const answer = await postDirect(from.accessToken, { user_id: to.userId });
  expect(answer, JSON.stringify(answer.body)).toMatchObject({ status: 200 });
  expect(answer.body["room_id"]).toMatch(/^!/);
  return answer.body["room_id"] as string;
}

const mDirectOf = (user: MatrixTestClient) =>
  user.request<Record<string, string[]>>(
    "GET",
    `/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/account_data/m.direct`,
  );

const stateOf = <T>(user: MatrixTestClient, roomId: string, type: string, stateKey = "") =>
  user.request<T>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/${encodeURIComponent(stateKey)}`,
  );

// Joined members through the Admin API, as the bot (a server admin) sees them.
async function adminMembers(roomId: string): Promise<string[]> {
  const response = await fetch(
    new URL(`/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/members`, env().synapse.url),
    { headers: { authorization: `Bearer ${env().synapse.secrets.as_token}` } },
  );
  return ((await response.json()) as { members: string[] }).members;
}

describe("POST /api/direct", () => {
  it("creates a direct room with both operators joined and listed in both m.direct", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const roomId = await openDirect(alice, bob);

    expect(await alice.membership(roomId, alice.userId)).toBe("join");
    expect(await alice.membership(roomId, bob.userId)).toBe("join");
    expect((await adminMembers(roomId)).sort()).toEqual(
      [alice.userId, bob.userId, env().botUserId].sort(),
    );
    expect(await mDirectOf(alice)).toMatchObject({ [bob.userId]: [roomId] });
    expect(await mDirectOf(bob)).toMatchObject({ [alice.userId]: [roomId] });

    // What Element reads: a 1:1 with the bot as a service member, no name, invite-only.
    expect(await stateOf(bob, roomId, "io.element.functional_members")).toEqual({
      service_members: [env().botUserId],
    });
    expect(await stateOf(bob, roomId, "m.room.join_rules")).toMatchObject({ join_rule: "invite" });
    await expect(stateOf(bob, roomId, "m.room.name")).rejects.toMatchObject({ status: 404 });
    await expect(stateOf(bob, roomId, "m.room.encryption")).rejects.toMatchObject({ status: 404 });
    const power = await stateOf<{ users: Record<string, number>; events: object }>(
      bob,
      roomId,
      "m.room.power_levels",
    );
    expect(power.users[alice.userId]).toBe(50);
    expect(power.users[bob.userId]).toBe(50);
    expect(power.events).toMatchObject({
      "org.matrix.msc3401.call.member": 0,
      "org.matrix.msc4143.rtc.member": 0,
    });
    // Joined directly: no invite was ever pending for bob.
    const bobMember = await stateOf(bob, roomId, "m.room.member", bob.userId);
    expect(bobMember).toMatchObject({ membership: "join" });
  });

  it("answers the same room in the other direction and keeps other m.direct entries", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const erin = env().getUser("erin");
    const first = await openDirect(alice, bob);
    expect(await openDirect(bob, alice)).toBe(first);

    const elsewhere = { "@friend:elsewhere.example": ["!other:elsewhere.example"] };
    await erin.request(
      "PUT",
      `/_matrix/client/v3/user/${encodeURIComponent(erin.userId)}/account_data/m.direct`,
      elsewhere,
    );
    const erinBob = await openDirect(bob, erin);
    expect(await mDirectOf(erin)).toEqual({ ...elsewhere, [bob.userId]: [erinBob] });
    expect(await mDirectOf(bob)).toEqual({ [alice.userId]: [first], [erin.userId]: [erinBob] });
  });

  it("re-joins someone who left instead of creating another room", async () => {
    const alice = env().getUser("alice");
    const erin = env().getUser("erin");
    const roomId = await openDirect(alice, erin);
    await erin.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/leave`, {});
    expect(await alice.membership(roomId, erin.userId)).toBe("leave");

    expect(await openDirect(alice, erin)).toBe(roomId);
    expect(await alice.membership(roomId, erin.userId)).toBe("join");
  });

  it("yields one room for 10 concurrent calls in both directions", async () => {
    const carol = env().getUser("carol");
    const dave = env().getUser("dave");
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? openDirect(carol, dave) : openDirect(dave, carol),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    const roomId = answers[0] ?? "";

    // And only one such room exists: of carol's rooms, one has exactly carol, dave and the bot.
    const { joined_rooms } = await carol.request<{ joined_rooms: string[] }>(
      "GET",
      "/_matrix/client/v3/joined_rooms",
    );
    const pairRooms: string[] = [];
    const wanted = [carol.userId, dave.userId, env().botUserId].sort().join();
    for (const room of joined_rooms) {
      if ((await adminMembers(room)).sort().join() === wanted) pairRooms.push(room);
    }
    expect(pairRooms).toEqual([roomId]);
    expect(await mDirectOf(carol)).toMatchObject({ [dave.userId]: [roomId] });
    expect(await mDirectOf(dave)).toMatchObject({ [carol.userId]: [roomId] });
  });

  it("finds the pair's room again when the database lost its row (crash before it was stored)", async () => {
    const carol = env().getUser("carol");
    const erin = env().getUser("erin");
    const roomId = await openDirect(carol, erin);

    // A second service over an empty database, as after a crash between "Synapse created the
    // room" and "the row was stored": the room's hidden alias leads back to the same room.
    const db = createKnex({ client: "sqlite3", filename: ":memory:" });
    try {
      await migrateToLatest(db);
      const http = makeBotHttp({
        baseUrl: env().synapse.url,
        asToken: env().synapse.secrets.as_token,
        botUserId: env().botUserId,
      });
      const service = makeDirectRoomService({
        store: makeDirectRoomStore(db),
        gateway: makeDirectRoomGateway(http, env().serverName),
      });
      expect(await service.ensureRoom(makePair(erin.userId, carol.userId))).toBe(roomId);
      expect(await mDirectOf(erin)).toMatchObject({ [carol.userId]: [roomId] });
    } finally {
      await db.destroy();
    }
  });

  describe("refusals", () => {
    it("answers 401 without a token", async () => {
      const answer = await postDirect(undefined, { user_id: env().getUser("bob").userId });
      expect(answer).toMatchObject({ status: 401, body: { errcode: "M_MISSING_TOKEN" } });
    });

    it("answers 400 M_INVALID_PARAM for a malformed body or user ID", async () => {
      const alice = env().getUser("alice");
      for (const body of [{}, { user_id: "bob" }, { user_id: 42 }]) {
        const answer = await postDirect(alice.accessToken, body);
        expect(answer, JSON.stringify(body)).toMatchObject({
          status: 400,
          body: { errcode: "M_INVALID_PARAM", error: expect.stringContaining("user_id") },
        });
      }
      const notAnObject = await postDirect(alice.accessToken, [alice.userId]);
      expect(notAnObject).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    });

    it("answers 400 M_INVALID_PARAM for a chat with oneself", async () => {
      const alice = env().getUser("alice");
      const answer = await postDirect(alice.accessToken, { user_id: alice.userId });
      expect(answer).toMatchObject({ status: 400, body: { errcode: "M_INVALID_PARAM" } });
    });

    it("answers 404 M_NOT_FOUND for an unknown user or a Matrix account outside the directory", async () => {
      const alice = env().getUser("alice");
      const outsider = await registerOutsider(env().synapse, "zed");
      for (const target of [`@nobody:${env().serverName}`, outsider.userId]) {
        const answer = await postDirect(alice.accessToken, { user_id: target });
        expect(answer, target).toMatchObject({
          status: 404,
          body: { errcode: "M_NOT_FOUND", error: expect.stringContaining(target) },
        });
      }
    });

    it("answers 403 M_FORBIDDEN to a caller who is not an operator", async () => {
      const outsider = await registerOutsider(env().synapse, "yann");
      const answer = await postDirect(outsider.accessToken, {
        user_id: env().getUser("alice").userId,
      });
      expect(answer).toMatchObject({ status: 403, body: { errcode: "M_FORBIDDEN" } });
    });
  });
});
