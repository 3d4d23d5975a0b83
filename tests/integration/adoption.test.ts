import { beforeAll, describe, expect, it } from "vitest";
import { registerWithSharedSecret } from "@staffroom/appservice/setup";
import { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { BotHistory, DAY, api, readableMessages } from "./scrub/history.ts";

// Rooms staff make in a standard client, on a real Synapse: an Element-style DM and an ad-hoc
// room are found, adopted (bot in, marker, m.room.retention), listed with kind and name,
// scrubbed; a room with someone outside the directory is only listed; the DM pair rule; an
// admin's exclusion.

const env = useTestEnv({ users: ["alice", "bob", "carol"], admins: ["alice"] });

type Room = Record<string, unknown> & { room_id: string };
const enc = encodeURIComponent;

/** Exactly what Element Web sends to start a DM (no encryption keys on the other side yet). */
async function elementDm(from: MatrixTestClient, to: MatrixTestClient): Promise<string> {
  const { room_id } = await from.request<{ room_id: string }>(
    "POST",
    "/_matrix/client/v3/createRoom",
    {
      preset: "trusted_private_chat",
      is_direct: true,
      invite: [to.userId],
      visibility: "private",
      initial_state: [
        { type: "m.room.guest_access", state_key: "", content: { guest_access: "can_join" } },
      ],
    },
  );
  // Element then lists the room in the creator's m.direct, and the invitee's on joining.
  await from.request("PUT", `/_matrix/client/v3/user/${enc(from.userId)}/account_data/m.direct`, {
    [to.userId]: [room_id],
  });
  await to.request("POST", `/_matrix/client/v3/join/${enc(room_id)}`, {});
  await to.request("PUT", `/_matrix/client/v3/user/${enc(to.userId)}/account_data/m.direct`, {
    [from.userId]: [room_id],
  });
  return room_id;
}

const state = (user: MatrixTestClient, roomId: string, type: string) =>
  user.request<Record<string, unknown>>(
    "GET",
    `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(type)}/`,
  );

let dm: string;
let club: string;
let visited: string;

beforeAll(async () => {
  await env().appservice.sync.idle();
  const alice = env().getUser("alice");
  const carol = env().getUser("carol");
  const put = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
    scrub_days: 7,
  });
  expect(put.status).toBe(200);
  dm = await elementDm(alice, env().getUser("bob"));
  club = await carol.createRoom({
    name: "Book club",
    invite: [alice.userId],
    preset: "private_chat",
  });
  await alice.request("POST", `/_matrix/client/v3/join/${enc(club)}`, {});
  const registered = await registerWithSharedSecret({
    homeserverUrl: env().synapse.url,
    sharedSecret: env().synapse.secrets.registration_shared_secret,
    username: "visitor",
    password: "pw-visitor-adoption",
  });
  const visitor = new MatrixTestClient(
    env().synapse.url,
    registered.user_id,
    registered.access_token,
  );
  visited = await visitor.createRoom({
    name: "Outside",
    invite: [alice.userId],
    preset: "private_chat",
  });
  await alice.request("POST", `/_matrix/client/v3/join/${enc(visited)}`, {});
}, 60_000);

describe("rooms made in other clients", () => {
  let listed: Map<string, Room>;

  it("are found by a scan, adopted and listed by kind and name; outsiders' rooms only listed", async () => {
    const alice = env().getUser("alice");
    const scan = await api(env().appserviceUrl, alice, "POST", "/api/admin/rooms/scan");
    expect(scan.status).toBe(200);
    listed = new Map((scan.body["rooms"] as Room[]).map((room) => [room.room_id, room]));
    expect(listed.get(dm)).toMatchObject({
      kind: "other_direct",
      name: "Direct chat: alice · bob",
      status: "adopted",
      excluded: false,
      outsiders: [],
    });
    expect(listed.get(club)).toMatchObject({
      kind: "other_room",
      name: "Book club",
      status: "adopted",
    });
    expect(listed.get(visited)).toMatchObject({
      kind: "other_room",
      name: "Outside",
      status: "outside",
      outsiders: ["@visitor:" + env().serverName],
    });
    // Staffroom's own rooms are never listed.
    const own = await env().appservice.db("managed_rooms").pluck("room_id");
    for (const roomId of own) expect(listed.has(roomId as string)).toBe(false);
  });

  it("carry the marker and the retention policy; the outsiders' room neither", async () => {
    const alice = env().getUser("alice");
    expect(await state(alice, dm, "io.staffroom.managed")).toEqual({ kind: "other_direct" });
    expect(await state(alice, club, "io.staffroom.managed")).toEqual({ kind: "other_room" });
    for (const room of [dm, club]) {
      expect(await state(alice, room, "m.room.retention")).toEqual({ max_lifetime: 7 * DAY });
    }
    await expect(state(alice, visited, "io.staffroom.managed")).rejects.toMatchObject({
      status: 404,
    });
    // Element still sees a 1:1: the bot is a service member of the DM.
    expect(await state(alice, dm, "io.element.functional_members")).toEqual({
      service_members: [env().botUserId],
    });
  });

  it("the pair rule: the Element DM is the pair's direct chat for POST /api/direct", async () => {
    const bob = env().getUser("bob");
    const opened = await api(env().appserviceUrl, bob, "POST", "/api/direct", {
      user_id: env().getUser("alice").userId,
    });
    expect(opened).toEqual({ status: 200, body: { room_id: dm } });
    // Opening a chat with someone whose Element DM no scan has seen yet finds it too.
    const carol = env().getUser("carol");
    const fresh = await elementDm(carol, bob);
    const again = await api(env().appserviceUrl, carol, "POST", "/api/direct", {
      user_id: bob.userId,
    });
    expect(again).toEqual({ status: 200, body: { room_id: fresh } });
    expect(await state(carol, fresh, "io.staffroom.managed")).toEqual({ kind: "other_direct" });
  });

  it("a pair that already has a Staffroom DM keeps it and sees the other room beside it", async () => {
    const alice = env().getUser("alice");
    const carol = env().getUser("carol");
    const ours = await api(env().appserviceUrl, alice, "POST", "/api/direct", {
      user_id: carol.userId,
    });
    const theirs = await elementDm(carol, alice);
    await api(env().appserviceUrl, alice, "POST", "/api/admin/rooms/scan");
    const again = await api(env().appserviceUrl, carol, "POST", "/api/direct", {
      user_id: alice.userId,
    });
    expect(again.body["room_id"]).toBe(ours.body["room_id"]);
    const directory = await api(env().appserviceUrl, carol, "GET", "/api/directory");
    const entry = (directory.body["operators"] as Record<string, unknown>[]).find(
      (o) => o["user_id"] === alice.userId,
    );
    expect(entry).toMatchObject({ direct_room_id: ours.body["room_id"], other_room_ids: [theirs] });
  });

  it("are scrubbed and in the preview by kind and name; the outsiders' room is not", async () => {
    const alice = env().getUser("alice");
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    const old = {
      dm: await bot.sendOldText(dm, 9, "old dm"),
      club: await bot.sendOldText(club, 9, "old club"),
    };
    const fresh = await alice.sendText(dm, "today: stays");
    const preview = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/preview");
    const rooms = new Map((preview.body["rooms"] as Room[]).map((room) => [room.room_id, room]));
    expect(rooms.get(dm)).toMatchObject({
      kind: "other_direct",
      name: "Direct chat: alice · bob",
      messages: 1,
    });
    expect(rooms.get(club)).toMatchObject({ kind: "other_room", name: "Book club", messages: 1 });
    expect(rooms.has(visited)).toBe(false);
    const run = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run");
    expect(run.status).toBe(202);
    await env().appservice.scrub.idle();
    expect(await readableMessages(alice, dm)).not.toContain(old.dm);
    expect(await readableMessages(alice, dm)).toContain(fresh);
    expect(await readableMessages(alice, club)).not.toContain(old.club);
  });

  it("an admin excludes a room (strict body): no marker, no retention, not scrubbed; and back", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const path = `/api/admin/rooms/${enc(club)}/policy`;
    const typo = await api(env().appserviceUrl, alice, "PUT", path, { excluded: true, exclude: 1 });
    expect(typo.status).toBe(400);
    expect(typo.body["error"]).toMatch(/exclude/);
    expect((await api(env().appserviceUrl, alice, "PUT", path, { excluded: "yes" })).status).toBe(
      400,
    );
    expect((await api(env().appserviceUrl, bob, "PUT", path, { excluded: true })).status).toBe(403);
    const allStaff = (await env()
      .appservice.db("managed_rooms")
      .where({ kind: "all_staff" })
      .first()) as { room_id: string };
    const own = await api(
      env().appserviceUrl,
      alice,
      "PUT",
      `/api/admin/rooms/${enc(allStaff.room_id)}/policy`,
      { excluded: true },
    );
    expect(own).toMatchObject({ status: 404, body: { errcode: "M_NOT_FOUND" } });

    const excluded = await api(env().appserviceUrl, alice, "PUT", path, { excluded: true });
    expect(excluded).toMatchObject({ status: 200, body: { room_id: club, excluded: true } });
    expect(await state(alice, club, "io.staffroom.managed")).toEqual({});
    expect(await state(alice, club, "m.room.retention")).toEqual({ min_lifetime: 0 });
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    const kept = await bot.sendOldText(club, 20, "not under the policy");
    const preview = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/preview");
    expect((preview.body["rooms"] as Room[]).map((r) => r.room_id)).not.toContain(club);
    await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run");
    await env().appservice.scrub.idle();
    // Not purged, and members read it: Synapse no longer applies the old limit to what they see.
    expect(await readableMessages(alice, club)).toContain(kept);
    const timeline = (await bot.adminTimeline(club)).map((e) => e.event_id);
    expect(timeline, "the admin timeline still holds it").toContain(kept);
    expect(await bot.adminContextStatus(club, kept)).toBe(200);
    const audit = await env()
      .appservice.db("audit_log")
      .where({ action: "rooms.policy", target: club });
    expect(audit).toHaveLength(1);

    const back = await api(env().appserviceUrl, alice, "PUT", path, { excluded: false });
    expect(back).toMatchObject({ status: 200, body: { excluded: false } });
    expect(await state(alice, club, "io.staffroom.managed")).toEqual({ kind: "other_room" });
    expect(await state(alice, club, "m.room.retention")).toEqual({ max_lifetime: 7 * DAY });
  });
});
