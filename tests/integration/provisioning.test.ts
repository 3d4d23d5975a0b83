import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { SyncResponse } from "@staffroom/appservice/contract";
import { runCli } from "../../appservice/src/cli/main.ts";
import { useTestEnv, type TestDepartment } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

type User = "alice" | "bob" | "carol" | "dana" | "eve";
const departments: TestDepartment<User>[] = [
  { id: "sales", name: "Sales", topic: "Quotes and orders", members: ["alice"], admins: ["bob"] },
  { id: "it", name: "IT", members: ["carol", "dana"] },
];
const env = useTestEnv<User>({
  users: ["alice", "bob", "carol", "dana", "eve"],
  admins: ["dana"],
  departments,
});

type StateEvent = {
  type: string;
  state_key: string;
  sender: string;
  content: Record<string, unknown>;
};

const mxid = (localpart: string) => `@${localpart}:${env().serverName}`;
const alias = (localpart: string) => `#${localpart}:${env().serverName}`;

/** A sync pass through the admin API, as the org admin. */
async function syncNow(dryRun = false): Promise<SyncResponse> {
  const response = await fetch(new URL("/api/admin/sync", env().appserviceUrl), {
    method: "POST",
    headers: {
      authorization: `Bearer ${env().getUser("dana").accessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ dry_run: dryRun }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as SyncResponse;
}

/** Synapse Admin API as the bot (a server admin). */
async function admin<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, env().synapse.url), {
    headers: { authorization: `Bearer ${env().synapse.secrets.as_token}` },
  });
  if (!response.ok) throw new Error(`${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function roomIdOf(roomAlias: string): Promise<string> {
  const { room_id } = await env()
    .getUser("alice")
    .request<{ room_id: string }>(
      "GET",
      `/_matrix/client/v3/directory/room/${encodeURIComponent(roomAlias)}`,
    );
  return room_id;
}

async function stateOf(roomId: string): Promise<StateEvent[]> {
  const { state } = await admin<{ state: StateEvent[] }>(
    `/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}/state`,
  );
  return state;
}

const find = (state: StateEvent[], type: string, key = "") =>
  state.find((e) => e.type === type && e.state_key === key);

const membershipIn = async (roomId: string, user: string) =>
  find(await stateOf(roomId), "m.room.member", user)?.content;

async function writeDirectory(departmentList: TestDepartment<User>[]): Promise<void> {
  const current = parse(await readFile(env().directoryPath, "utf8")) as Record<string, unknown>;
  current.departments = departmentList.map((d) => ({
    id: d.id,
    name: d.name,
    ...(d.topic === undefined ? {} : { topic: d.topic }),
    members: d.members.map(mxid),
    admins: (d.admins ?? []).map(mxid),
  }));
  await writeFile(env().directoryPath, stringify(current));
  expect((await env().appservice.reload()).directoryReloaded).toBe(true);
}

describe("provisioning against a real Synapse", () => {
  it("creates the Space, All Staff and department rooms with the right state", async () => {
    await syncNow();
    const salesId = await roomIdOf(alias("dept-sales"));
    const state = await stateOf(salesId);
    expect(find(state, "m.room.name")?.content.name).toBe("Sales");
    expect(find(state, "m.room.topic")?.content.topic).toBe("Quotes and orders");
    expect(find(state, "m.room.canonical_alias")?.content.alias).toBe(alias("dept-sales"));
    expect(find(state, "m.room.join_rules")?.content.join_rule).toBe("invite");
    expect(find(state, "m.room.history_visibility")?.content.history_visibility).toBe("shared");
    expect(find(state, "m.room.encryption")).toBeUndefined();
    // The bot created the room: 100, or unlimited creator power in room v12 (not in `users`).
    const create = find(state, "m.room.create");
    expect(create?.sender).toBe(env().botUserId);
    const users = find(state, "m.room.power_levels")?.content.users as Record<string, number>;
    expect(users[env().botUserId] ?? (create?.content.room_version === "12" ? 100 : 0)).toBe(100);
    expect(users[mxid("dana")]).toBe(100);
    expect(users[mxid("bob")]).toBe(50);
    expect(users[mxid("alice")]).toBeUndefined();
    // Group meetings: every member may publish their MatrixRTC call membership.
    expect(find(state, "m.room.power_levels")?.content.events).toMatchObject({
      "org.matrix.msc3401.call.member": 0,
      "org.matrix.msc4143.rtc.member": 0,
      "m.room.power_levels": 100,
    });
    const alice = env().getUser("alice");
    const device = `_${alice.userId}_DEVICE1_m.call`;
    await alice.request(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(salesId)}/state/org.matrix.msc3401.call.member/${encodeURIComponent(device)}`,
      {},
    );
    for (const user of ["alice", "bob"]) {
      expect(find(state, "m.room.member", mxid(user))?.content.membership).toBe("join");
    }
    const invites = state.filter(
      (e) => e.type === "m.room.member" && e.content.membership === "invite",
    );
    expect(invites).toEqual([]);

    const spaceState = await stateOf(await roomIdOf(alias("staffroom-space")));
    expect(find(spaceState, "m.room.create")?.content.type).toBe("m.space");
    const allStaff = await stateOf(await roomIdOf(alias("all-staff")));
    for (const user of ["alice", "bob", "carol", "dana", "eve"]) {
      expect(find(allStaff, "m.room.member", mxid(user))?.content.membership).toBe("join");
    }
  });

  it("makes no write requests on a second pass", async () => {
    const second = await syncNow();
    expect(second.actions).toEqual([]);
    expect(second.summary.requests.writes).toBe(0);
    // One read per room, and two for the staff guard's list (its alias, then its state).
    expect(second.summary.requests.reads).toBe(second.summary.rooms_observed + 2);
  });

  it("shows a plain Matrix client the Space with its children and the All Staff room", async () => {
    const alice = env().getUser("alice");
    const spaceId = await roomIdOf(alias("staffroom-space"));
    const allStaffId = await roomIdOf(alias("all-staff"));
    const salesId = await roomIdOf(alias("dept-sales"));
    const { joined_rooms } = await alice.request<{ joined_rooms: string[] }>(
      "GET",
      "/_matrix/client/v3/joined_rooms",
    );
    expect(joined_rooms).toEqual(expect.arrayContaining([spaceId, allStaffId, salesId]));
    const { rooms } = await alice.request<{
      rooms: { room_id: string; children_state: StateEvent[] }[];
    }>("GET", `/_matrix/client/v1/rooms/${encodeURIComponent(spaceId)}/hierarchy`);
    const children = rooms.find((r) => r.room_id === spaceId)?.children_state ?? [];
    expect(children.map((c) => c.state_key)).toEqual(
      expect.arrayContaining([allStaffId, salesId, await roomIdOf(alias("dept-it"))]),
    );
    expect(children.every((c) => c.type === "m.space.child")).toBe(true);
  });

  it("refuses the sync route to people who are not org admins", async () => {
    const response = await fetch(new URL("/api/admin/sync", env().appserviceUrl), {
      method: "POST",
      headers: {
        authorization: `Bearer ${env().getUser("alice").accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ dry_run: true }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ errcode: "M_FORBIDDEN" });
  });

  it("`staffroom sync --dry-run` prints the plan and writes nothing", async () => {
    // A second directory and config, so the running appservice does not pick the change up.
    const dir = env().synapse.dir;
    const directory = parse(await readFile(env().directoryPath, "utf8")) as Record<string, unknown>;
    directory.departments = [
      ...(directory.departments as unknown[]),
      { id: "events", name: "Events", members: [mxid("eve")] },
    ];
    await writeFile(join(dir, "dry-directory.yaml"), stringify(directory));
    const config = parse(await readFile(env().configPath, "utf8")) as Record<string, unknown>;
    config.directory = { file: join(dir, "dry-directory.yaml") };
    await writeFile(join(dir, "dry-config.yaml"), stringify(config));

    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), env: {} };
    expect(await runCli(["sync", "--dry-run", "--config", join(dir, "dry-config.yaml")], io)).toBe(
      0,
    );
    const text = out.join("\n");
    expect(text).toContain("nothing applied");
    expect(text).toContain(alias("dept-events"));
    expect(text).toMatch(/createRoom\s+create room "Events"/);
    expect(text).toContain(`join             ${mxid("eve")}: join`);
    expect(text).toMatch(
      /setEventPower\s+event power levels: org\.matrix\.msc3401\.call\.member=0/,
    );
    expect(text).toMatch(/Summary: status=succeeded actions=5 .*writes=0/);
    await expect(roomIdOf(alias("dept-events"))).rejects.toThrow(/404/);
  });

  it("kicks someone removed from their department, with a reason", async () => {
    await writeDirectory([{ ...departments[0]!, admins: [] }, departments[1]!]);
    const pass = await syncNow();
    expect(pass.actions).toContainEqual(
      expect.objectContaining({ type: "remove", room: alias("dept-sales"), user: mxid("bob") }),
    );
    const bob = await membershipIn(await roomIdOf(alias("dept-sales")), mxid("bob"));
    expect(bob).toMatchObject({ membership: "leave", reason: "left the department" });
  });

  it("re-joins an operator who left their department room by hand", async () => {
    const salesId = await roomIdOf(alias("dept-sales"));
    await env()
      .getUser("alice")
      .request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(salesId)}/leave`, {});
    // The leave reaches the appservice in a transaction; a debounced pass puts alice back.
    await waitFor(
      "alice to be re-joined to the Sales room",
      async () =>
        (await membershipIn(salesId, mxid("alice")))?.membership === "join" ? true : undefined,
      { timeoutMs: 20_000 },
    );
  });

  it("removes an outsider joined to a managed room by hand", async () => {
    const salesId = await roomIdOf(alias("dept-sales"));
    const response = await fetch(
      new URL(`/_synapse/admin/v1/join/${encodeURIComponent(salesId)}`, env().synapse.url),
      {
        method: "POST",
        headers: { authorization: `Bearer ${env().synapse.secrets.as_token}` },
        body: JSON.stringify({ user_id: mxid("eve") }),
      },
    );
    expect(response.status).toBe(200);
    await waitFor(
      "eve to be removed from the Sales room",
      async () => {
        const eve = await membershipIn(salesId, mxid("eve"));
        return eve?.membership === "leave" ? eve : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(await membershipIn(salesId, mxid("eve"))).toMatchObject({
      reason: "not a member of this department",
    });
  });

  it("archives a department removed from the directory: members out, name marked, room kept", async () => {
    const itId = await roomIdOf(alias("dept-it"));
    await writeDirectory([{ ...departments[0]!, admins: [] }]);
    await syncNow();
    const state = await stateOf(itId);
    expect(find(state, "m.room.name")?.content.name).toBe("IT (archived)");
    for (const user of ["carol", "dana"]) {
      expect(find(state, "m.room.member", mxid(user))?.content.membership).toBe("leave");
    }
    const spaceState = await stateOf(await roomIdOf(alias("staffroom-space")));
    expect(find(spaceState, "m.space.child", itId)?.content).toEqual({});
    expect((await syncNow()).actions).toEqual([]);
  });

  it("adopts a room a killed pass created but never recorded (no duplicate)", async () => {
    // What a pass killed right after Synapse created the room leaves behind: the room with
    // its alias, and no managed_rooms row.
    const created = await fetch(new URL("/_matrix/client/v3/createRoom", env().synapse.url), {
      method: "POST",
      headers: { authorization: `Bearer ${env().synapse.secrets.as_token}` },
      body: JSON.stringify({ preset: "private_chat", room_alias_name: "dept-events" }),
    });
    const { room_id: orphan } = (await created.json()) as { room_id: string };
    await writeDirectory([
      { ...departments[0]!, admins: [] },
      { id: "events", name: "Events", members: ["eve"] },
    ]);
    const pass = await syncNow();
    expect(pass.summary.failed).toBe(0);
    expect(await roomIdOf(alias("dept-events"))).toBe(orphan);
    expect((await membershipIn(orphan, mxid("eve")))?.membership).toBe("join");
    await syncNow(); // names the adopted room, which the crashed pass never got to
    expect(find(await stateOf(orphan), "m.room.name")?.content.name).toBe("Events");
    expect((await syncNow()).actions).toEqual([]);
  });

  it("reports the last sync pass in /health", async () => {
    const body = (await (await fetch(new URL("/health", env().appserviceUrl))).json()) as {
      sync: { status: string; last_run: string };
    };
    expect(body.sync.status).toBe("succeeded");
    expect(Date.parse(body.sync.last_run)).toBeGreaterThan(Date.now() - 60_000);
  });
});
