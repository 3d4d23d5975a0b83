import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  departmentMembersResponseSchema,
  directoryResponseSchema,
} from "../../appservice/src/api/contract.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";

// GET /api/directory and GET /api/departments/{id}/members against a real Synapse: who sees
// what, the shapes of the contract, and presence as Synapse reports it.

const env = useTestEnv({ users: ["alice", "bob", "carol", "dana"], admins: ["dana"] });

type Answer = { status: number; body: Record<string, unknown> };

async function get(path: string, user?: MatrixTestClient): Promise<Answer> {
  const response = await fetch(new URL(path, env().appserviceUrl), {
    headers: user === undefined ? {} : { authorization: `Bearer ${user.accessToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

// Departments for this file: reference (alice, bob; bob its admin) and lending (carol).
let directoryWritten: Promise<void> | undefined;
function withDepartments(): Promise<void> {
  directoryWritten ??= (async () => {
    const id = (localpart: string) => `@${localpart}:${env().serverName}`;
    await writeFile(
      env().directoryPath,
      stringify({
        operators: ["alice", "bob", "carol", "dana"].map((u) => ({
          user_id: id(u),
          display_name: u.charAt(0).toUpperCase() + u.slice(1),
        })),
        departments: [
          {
            id: "reference",
            name: "Reference desk",
            topic: "Questions from readers",
            members: [id("alice")],
            admins: [id("bob")],
          },
          { id: "lending", name: "Lending", members: [id("carol")] },
        ],
        admins: [id("dana")],
      }),
    );
    expect((await env().appservice.reload()).directoryReloaded).toBe(true);
  })();
  return directoryWritten;
}

describe("GET /api/directory", () => {
  it("answers 401 without a token", async () => {
    expect(await get("/api/directory")).toMatchObject({
      status: 401,
      body: { errcode: "M_MISSING_TOKEN" },
    });
  });

  it("shows an operator their departments, members and every other operator", async () => {
    await withDepartments();
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const answer = await get("/api/directory", alice);
    expect(answer.status).toBe(200);
    const directory = directoryResponseSchema.parse(answer.body);
    expect(directory.departments).toEqual([
      {
        id: "reference",
        name: "Reference desk",
        topic: "Questions from readers",
        room_id: directory.departments[0]?.room_id ?? null,
        members: [
          { user_id: alice.userId, display_name: "Alice", is_admin: false },
          { user_id: bob.userId, display_name: "Bob", is_admin: true },
        ],
      },
    ]);
    expect(directory.operators.map((operator) => operator.user_id).sort()).toEqual(
      ["bob", "carol", "dana"].map((u) => `@${u}:${env().serverName}`).sort(),
    );
    expect("all_staff_room_id" in directory && "space_id" in directory).toBe(true);
  });

  it("lists the caller's direct room with each operator once it exists", async () => {
    await withDepartments();
    const alice = env().getUser("alice");
    const carol = env().getUser("carol");
    const before = directoryResponseSchema.parse((await get("/api/directory", alice)).body);
    expect(before.operators.find((o) => o.user_id === carol.userId)?.direct_room_id).toBeNull();

    const created = await fetch(new URL("/api/direct", env().appserviceUrl), {
      method: "POST",
      headers: {
        authorization: `Bearer ${alice.accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ user_id: carol.userId }),
    });
    const { room_id } = (await created.json()) as { room_id: string };
    const after = directoryResponseSchema.parse((await get("/api/directory", alice)).body);
    expect(after.operators.find((o) => o.user_id === carol.userId)?.direct_room_id).toBe(room_id);
    const carolsView = directoryResponseSchema.parse((await get("/api/directory", carol)).body);
    expect(carolsView.operators.find((o) => o.user_id === alice.userId)?.direct_room_id).toBe(
      room_id,
    );
  });

  it("gives the provisioned rooms' IDs once membership sync has run", async () => {
    await withDepartments();
    await env().appservice.sync.run({ trigger: "directory-api-test", dryRun: false });
    const dana = env().getUser("dana");
    const directory = directoryResponseSchema.parse((await get("/api/directory", dana)).body);
    const resolve = async (alias: string) =>
      (
        await dana.request<{ room_id: string }>(
          "GET",
          `/_matrix/client/v3/directory/room/${encodeURIComponent(`${alias}:${env().serverName}`)}`,
        )
      ).room_id;
    expect(directory.all_staff_room_id).toBe(await resolve("#all-staff"));
    expect(directory.space_id).toBe(await resolve("#staffroom-space"));
    for (const department of directory.departments) {
      expect(department.room_id).toBe(await resolve(`#dept-${department.id}`));
    }
    // The caller is in the rooms the directory points at.
    const alice = env().getUser("alice");
    const own = directoryResponseSchema.parse((await get("/api/directory", alice)).body);
    const reference = own.departments[0]?.room_id ?? "";
    expect(await alice.membership(reference, alice.userId)).toBe("join");
  });

  it("shows an org admin every department", async () => {
    await withDepartments();
    const answer = await get("/api/directory", env().getUser("dana"));
    expect(answer.status).toBe(200);
    const directory = directoryResponseSchema.parse(answer.body);
    expect(directory.departments.map((department) => department.id)).toEqual([
      "reference",
      "lending",
    ]);
  });
});

describe("GET /api/departments/{id}/members", () => {
  it("reports each member's presence from Synapse", async () => {
    await withDepartments();
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    // Synapse shows presence only to users sharing a room: the bot shares their direct room.
    const opened = await fetch(new URL("/api/direct", env().appserviceUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${alice.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: bob.userId }),
    });
    expect(opened.status).toBe(200);
    await alice.request(
      "PUT",
      `/_matrix/client/v3/presence/${encodeURIComponent(alice.userId)}/status`,
      { presence: "online" },
    );
    await bob.request(
      "PUT",
      `/_matrix/client/v3/presence/${encodeURIComponent(bob.userId)}/status`,
      { presence: "unavailable" },
    );

    const answer = await get("/api/departments/reference/members", bob);
    expect(answer.status).toBe(200);
    const body = departmentMembersResponseSchema.parse(answer.body);
    expect(body.department).toEqual({ id: "reference", name: "Reference desk" });
    expect(body.members).toEqual([
      expect.objectContaining({
        user_id: alice.userId,
        display_name: "Alice",
        is_admin: false,
        presence: "online",
        currently_active: true,
      }),
      expect.objectContaining({ user_id: bob.userId, is_admin: true, presence: "unavailable" }),
    ]);
    expect(body.members[0]?.last_active_ago).toEqual(expect.any(Number));
  });

  it("answers 403 to an operator outside the department, 200 to an org admin", async () => {
    await withDepartments();
    expect(await get("/api/departments/lending/members", env().getUser("alice"))).toMatchObject({
      status: 403,
      body: { errcode: "M_FORBIDDEN" },
    });
    const admin = await get("/api/departments/lending/members", env().getUser("dana"));
    expect(admin.status).toBe(200);
    const body = departmentMembersResponseSchema.parse(admin.body);
    expect(body.members.map((member) => member.user_id)).toEqual([env().getUser("carol").userId]);
  });

  it("answers 404 for an unknown department and 401 without a token", async () => {
    await withDepartments();
    expect(await get("/api/departments/nope/members", env().getUser("dana"))).toMatchObject({
      status: 404,
      body: { errcode: "M_NOT_FOUND" },
    });
    expect(await get("/api/departments/reference/members")).toMatchObject({ status: 401 });
  });
});
