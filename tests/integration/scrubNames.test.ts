import { rename, writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeBotHttp } from "../../appservice/src/matrix/botHttp.ts";
import { makeRoomNameLookup } from "../../appservice/src/matrix/roomNameGateway.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { BotHistory, api } from "./scrub/history.ts";

// The scrub preview and runs name their rooms on a real Synapse: departments by name, All
// Staff, the Space, a Staffroom DM by the directory's display names, rooms adopted from another
// client by their recorded names; a run keeps the names it started with after a rename and a
// department's removal; a removed department is named from Matrix, read once.

const env = useTestEnv({
  users: ["alice", "bob", "carol"],
  admins: ["alice"],
  departments: [
    { id: "circ", name: "Circulation", members: ["alice", "bob"] },
    { id: "cat", name: "Cataloguing", members: ["alice", "carol"] },
  ],
});

type Named = { room_id: string; kind: string; name: string | null; events?: number };
const enc = encodeURIComponent;

async function writeDirectory(departments: { id: string; name: string }[]): Promise<void> {
  const mxid = (localpart: string) => `@${localpart}:${env().serverName}`;
  const temp = `${env().directoryPath}.tmp`;
  await writeFile(
    temp,
    stringify({
      operators: [
        { user_id: mxid("alice"), display_name: "Alice Archer" },
        { user_id: mxid("bob"), display_name: "Bob Baker" },
        { user_id: mxid("carol"), display_name: "Carol Chen" },
      ],
      departments: departments.map((d) => ({
        ...d,
        members: [mxid("alice"), d.id === "circ" ? mxid("bob") : mxid("carol")],
      })),
      admins: [mxid("alice")],
    }),
  );
  await rename(temp, env().directoryPath);
  expect((await env().appservice.reload()).directoryReloaded).toBe(true);
  await env().appservice.sync.idle();
}

/** A DM as a standard client makes it (is_direct, trusted_private_chat), joined by both. */
async function clientDm(from: MatrixTestClient, to: MatrixTestClient): Promise<string> {
  const { room_id } = await from.request<{ room_id: string }>(
    "POST",
    "/_matrix/client/v3/createRoom",
    { preset: "trusted_private_chat", is_direct: true, invite: [to.userId] },
  );
  await to.request("POST", `/_matrix/client/v3/join/${enc(room_id)}`, {});
  return room_id;
}

const byId = (rooms: Named[]) => new Map(rooms.map((room) => [room.room_id, room]));
const managed = async (kind: string, key?: string) =>
  (
    (await env()
      .appservice.db("managed_rooms")
      .where({ kind, ...(key === undefined ? {} : { key }) })
      .first()) as { room_id: string }
  ).room_id;

const rooms: Record<string, string> = {};

beforeAll(async () => {
  await env().appservice.sync.idle();
  // Display names as people would write them (the harness writes localparts).
  await writeDirectory([
    { id: "circ", name: "Circulation" },
    { id: "cat", name: "Cataloguing" },
  ]);
  const [alice, bob, carol] = (["alice", "bob", "carol"] as const).map((u) => env().getUser(u));
  if (alice === undefined || bob === undefined || carol === undefined) throw new Error("users");
  const put = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
    scrub_days: 7,
  });
  expect(put.status).toBe(200);
  rooms["space"] = await managed("space");
  rooms["allStaff"] = await managed("all_staff");
  rooms["circ"] = await managed("department", "circ");
  rooms["cat"] = await managed("department", "cat");
  const direct = await api(env().appserviceUrl, bob, "POST", "/api/direct", {
    user_id: alice.userId,
  });
  rooms["direct"] = direct.body["room_id"] as string;
  rooms["otherDm"] = await clientDm(carol, bob);
  rooms["club"] = await carol.createRoom({
    name: "Book club",
    invite: [alice.userId],
    preset: "private_chat",
  });
  await alice.request("POST", `/_matrix/client/v3/join/${enc(rooms["club"])}`, {});
  const scan = await api(env().appserviceUrl, alice, "POST", "/api/admin/rooms/scan");
  expect(scan.status).toBe(200);
  const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
  await bot.sendOldText(rooms["circ"], 9, "old circulation news");
}, 120_000);

describe("scrub room names", () => {
  const expected = () => [
    [rooms["space"], "space", "Staffroom"],
    [rooms["allStaff"], "all_staff", "All Staff"],
    [rooms["circ"], "department", "Circulation"],
    [rooms["cat"], "department", "Cataloguing"],
    [rooms["direct"], "direct", "Direct chat: Alice Archer · Bob Baker"],
    [rooms["otherDm"], "other_direct", "Direct chat: Bob Baker · Carol Chen"],
    [rooms["club"], "other_room", "Book club"],
  ];

  it("the preview names every room: departments, All Staff, the Space, DMs, adopted rooms", async () => {
    const alice = env().getUser("alice");
    const preview = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/preview");
    expect(preview.status).toBe(200);
    const listed = byId(preview.body["rooms"] as Named[]);
    for (const [roomId, kind, name] of expected()) {
      expect(listed.get(roomId ?? ""), name).toMatchObject({ kind, name });
    }
    expect(listed.size).toBe(expected().length);
  });

  it("a run keeps the names it started with after a rename and a department's removal", async () => {
    const alice = env().getUser("alice");
    const started = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run");
    expect(started.status).toBe(202);
    expect(started.body["rooms"]).toBe(expected().length);
    await env().appservice.scrub.idle();

    await writeDirectory([{ id: "circ", name: "Circulation Desk" }]);
    const runs = await api(env().appserviceUrl, alice, "GET", "/api/admin/scrub/runs");
    const [run] = runs.body["runs"] as (Record<string, unknown> & { room_results: Named[] })[];
    expect(run).toMatchObject({ status: "succeeded", errors: [] });
    const results = byId(run?.room_results ?? []);
    for (const [roomId, kind, name] of expected()) {
      expect(results.get(roomId ?? ""), name).toMatchObject({ kind, name, step: "done" });
    }
    expect(results.get(rooms["circ"] ?? "")?.events).toBe(1);

    // The preview reads today's names: the renamed department, the removed one as archived
    // (from its m.room.name, since the directory no longer lists it).
    const preview = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/preview");
    const listed = byId(preview.body["rooms"] as Named[]);
    expect(listed.get(rooms["circ"] ?? "")?.name).toBe("Circulation Desk");
    expect(listed.get(rooms["cat"] ?? "")?.name).toBe("Cataloguing (archived)");
  });

  it("reads a room's name from Synapse once, then from memory", async () => {
    const http = makeBotHttp({
      baseUrl: env().synapse.url,
      asToken: env().synapse.secrets.as_token,
      botUserId: env().botUserId,
    });
    const lookup = makeRoomNameLookup(http);
    expect(await lookup(rooms["cat"] ?? "")).toBe("Cataloguing (archived)");
    expect(await lookup(rooms["cat"] ?? "")).toBe("Cataloguing (archived)");
    // A Staffroom DM has no m.room.name: none, and not asked again either.
    expect(await lookup(rooms["direct"] ?? "")).toBeUndefined();
    expect(await lookup(rooms["direct"] ?? "")).toBeUndefined();
    expect(http.counts().reads).toBe(2);
  });
});
