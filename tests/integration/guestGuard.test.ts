/**
 * Staffroom's Synapse module (synapse-config/modules/staffroom_guest_guard.py) on a real
 * Synapse: a meeting guest (`@guest_…`, registered by the appservice) can knock on a meeting
 * room and join where it was invited, and nothing else: no rooms of its own, no invites, no
 * directory; staff do not find guests in the directory.
 */
import { beforeAll, expect, it } from "vitest";
import { MatrixHttpError, MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({ users: ["alice", "bob"] });

let guest: MatrixTestClient;
beforeAll(async () => {
  const { synapse } = env();
  const response = await fetch(new URL("/_matrix/client/v3/register", synapse.url), {
    method: "POST",
    headers: {
      authorization: `Bearer ${synapse.secrets.as_token}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ type: "m.login.application_service", username: "guest_abcdefgh" }),
  });
  const body = (await response.json()) as { user_id: string; access_token: string };
  expect(response.status).toBe(200);
  guest = new MatrixTestClient(synapse.url, body.user_id, body.access_token);
  await guest.request(
    "PUT",
    `/_matrix/client/v3/profile/${encodeURIComponent(body.user_id)}/displayname`,
    {
      displayname: "Vera Vendor (guest)",
    },
  );
});

const refused = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MatrixHttpError);
  return error as MatrixHttpError;
};

it("refuses a guest its own rooms, invites and rooms it was not invited to", async () => {
  const alice = env().getUser("alice");
  const bob = env().getUser("bob");
  expect((await refused(guest.createRoom({ name: "mine" }))).status).toBe(403);

  const open = await alice.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
    preset: "public_chat",
    name: "Open to the server",
  });
  const join = (roomId: string) =>
    guest.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
  expect((await refused(join(open.room_id))).status).toBe(403);

  // Admitted: alice invites, the guest joins; still no inviting others.
  await alice.request(
    "POST",
    `/_matrix/client/v3/rooms/${encodeURIComponent(open.room_id)}/invite`,
    {
      user_id: guest.userId,
    },
  );
  await join(open.room_id);
  const invite = guest.request(
    "POST",
    `/_matrix/client/v3/rooms/${encodeURIComponent(open.room_id)}/invite`,
    { user_id: bob.userId },
  );
  expect((await refused(invite)).status).toBe(403);
  // What a guest is there for works: it talks in the room it was admitted to.
  await guest.request(
    "PUT",
    `/_matrix/client/v3/rooms/${encodeURIComponent(open.room_id)}/send/m.room.message/g1`,
    { msgtype: "m.text", body: "hello from the vendor" },
  );
});

it("lets a guest knock on a knock-only room (a meeting's lobby)", async () => {
  const alice = env().getUser("alice");
  const lobby = await alice.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", {
    preset: "private_chat",
    room_version: "12",
    initial_state: [{ type: "m.room.join_rules", state_key: "", content: { join_rule: "knock" } }],
  });
  await guest.request("POST", `/_matrix/client/v3/knock/${encodeURIComponent(lobby.room_id)}`, {
    reason: "Vera Vendor",
  });
  const member = await alice.request<{ membership: string }>(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(lobby.room_id)}/state/m.room.member/${encodeURIComponent(guest.userId)}`,
  );
  expect(member.membership).toBe("knock");
});

it("hides everyone from a guest's directory search, and guests from staff", async () => {
  const alice = env().getUser("alice");
  type Search = { results: { user_id: string }[] };
  const search = (client: MatrixTestClient, term: string) =>
    client.request<Search>("POST", "/_matrix/client/v3/user_directory/search", {
      search_term: term,
      limit: 10,
    });
  // Staff find each other (the control), not the guest, even by its name.
  expect((await search(alice, "bob")).results.map((r) => r.user_id)).toContain(
    env().getUser("bob").userId,
  );
  expect((await search(alice, "Vera")).results).toEqual([]);
  expect((await search(guest, "alice")).results).toEqual([]);
  expect((await search(guest, "bob")).results).toEqual([]);
});
