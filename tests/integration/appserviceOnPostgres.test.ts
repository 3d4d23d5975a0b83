import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { SyncResponse } from "@staffroom/appservice/contract";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

// The whole appservice with its database on a real PostgreSQL (the compose deployment's
// shape) against a real Synapse: migrations at start-up, a sync pass recorded in PostgreSQL
// with no writes on the second pass, concurrent direct-chat calls yielding one room, and a hot
// reload. The store tests cover each table on both databases; this covers them together.

const env = useTestEnv({
  users: ["alice", "bob", "dana"],
  admins: ["dana"],
  departments: [
    { id: "desk", name: "Desk", topic: "Front desk", members: ["alice"], admins: ["bob"] },
  ],
  database: "postgres",
});

async function api<T>(user: MatrixTestClient, method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, env().appserviceUrl), {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

describe("the appservice on PostgreSQL", () => {
  it("runs on the pg client with every migration applied", async () => {
    const db = env().appservice.db;
    expect(db.client.config.client).toBe("pg");
    const names = (await db("knex_migrations").orderBy("id").pluck("name")) as string[];
    expect(names[0]).toBe("0001_init");
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  it("records a sync pass in PostgreSQL, and a second pass writes nothing", async () => {
    const dana = env().getUser("dana");
    await api<SyncResponse>(dana, "POST", "/api/admin/sync", { dry_run: false });
    const second = await api<SyncResponse>(dana, "POST", "/api/admin/sync", { dry_run: false });
    expect(second.actions).toEqual([]);
    expect(second.summary.requests.writes).toBe(0);

    const db = env().appservice.db;
    const rooms = (await db("managed_rooms").orderBy("kind").pluck("alias")) as string[];
    expect(rooms).toEqual(expect.arrayContaining([`#dept-desk:${env().serverName}`]));
    const runs = (await db("sync_runs").where({ id: second.run_id }).first()) as
      { status: string; dry_run: boolean } | undefined;
    expect(runs).toMatchObject({ dry_run: false });
    const audited = (await db("audit_log").whereNotNull("run_id").count({ n: "*" })) as {
      n: string;
    }[];
    // PostgreSQL counts are bigint, returned as strings.
    expect(Number(audited[0]?.n)).toBeGreaterThan(0);
  });

  it("gives one direct room for concurrent calls in both directions", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 === 0
          ? api<{ room_id: string }>(alice, "POST", "/api/direct", { user_id: bob.userId })
          : api<{ room_id: string }>(bob, "POST", "/api/direct", { user_id: alice.userId }),
      ),
    );
    expect(new Set(answers.map((a) => a.room_id)).size).toBe(1);
    const rows = (await env().appservice.db("direct_rooms").select("room_id", "status")) as {
      room_id: string;
      status: string;
    }[];
    expect(rows).toEqual([{ room_id: answers[0]?.room_id, status: "ready" }]);
  });

  it("hot-reloads the directory", async () => {
    const alice = env().getUser("alice");
    await writeFile(
      env().directoryPath,
      stringify({
        operators: ["alice", "bob", "dana"].map((u) => ({ user_id: u, display_name: u })),
        departments: [{ id: "desk", name: "Desk", members: ["alice"], admins: ["bob"] }],
        admins: ["dana", "alice"],
      }),
    );
    await waitFor("alice to become an org admin", async () =>
      (await api<{ is_admin: boolean }>(alice, "GET", "/api/me")).is_admin ? true : undefined,
    );
  });
});
