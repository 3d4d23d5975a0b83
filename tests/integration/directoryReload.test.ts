import { rename, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Org } from "@staffroom/appservice";
import { demoDirectory } from "../../scripts/lib/demoOrg.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

// The directory file is watched: an edit applies within seconds without SIGHUP, and an
// invalid edit is rejected as a whole while the last good directory stays in force.

const env = useTestEnv({ users: ["alice", "bob"] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isAdmin(user: MatrixTestClient): Promise<boolean> {
  const response = await fetch(new URL("/api/me", env().appserviceUrl), {
    headers: { authorization: `Bearer ${user.accessToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { is_admin: boolean }).is_admin;
}

// Editors save by writing a new file and renaming it over the old one.
async function replaceDirectory(content: string): Promise<void> {
  const temp = `${env().directoryPath}.tmp`;
  await writeFile(temp, content);
  await rename(temp, env().directoryPath);
}

describe("directory hot reload", () => {
  it("applies an edit, keeps the last good directory on an invalid one, and recovers", async () => {
    const alice = env().getUser("alice");
    const changes: Org[] = [];
    const unsubscribe = env().appservice.onDirectoryChanged((org) => void changes.push(org));
    try {
      expect(await isAdmin(alice)).toBe(false);

      // v2 file: bare localparts, a topic, a department admin; alice becomes an org admin.
      await replaceDirectory(
        stringify({
          operators: [
            { user_id: "alice", display_name: "Alice" },
            { user_id: "bob", display_name: "Bob" },
          ],
          departments: [{ id: "desk", name: "Desk", topic: "Front desk", admins: ["bob"] }],
          admins: ["alice"],
        }),
      );
      await waitFor("GET /api/me to say alice is an admin", async () =>
        (await isAdmin(alice)) ? true : undefined,
      );
      const bob = `@bob:${env().serverName}`;
      expect(changes.at(-1)?.departments).toEqual([
        { id: "desk", name: "Desk", topic: "Front desk", members: [bob], admins: [bob] },
      ]);

      // An invalid edit, written in place: rejected as a whole, nothing changes.
      const seen = changes.length;
      await writeFile(
        env().directoryPath,
        stringify({ operators: [{ user_id: "Alice", display_name: "Alice" }], admins: [] }),
      );
      await sleep(1_500); // the watcher waits 500 ms for writes to settle
      expect(await isAdmin(alice)).toBe(true);
      expect(changes.length).toBe(seen);
      // SIGHUP's path sees the same file and refuses it too (so the edit above was invalid).
      expect(await env().appservice.reload()).toEqual({
        directoryReloaded: false,
        restartRequired: [],
      });
      const health = await fetch(new URL("/health", env().appserviceUrl));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });

      // Fixing the file is picked up again: the watch survived the rejected edit.
      await replaceDirectory(
        stringify({ operators: [{ user_id: "alice", display_name: "Alice" }], admins: [] }),
      );
      await waitFor("GET /api/me to say alice is no longer an admin", async () =>
        (await isAdmin(alice)) ? undefined : true,
      );
      expect(changes.length).toBe(seen + 1);
    } finally {
      unsubscribe();
    }
  });

  it("applies the demo directory that npm start writes (topics, a department admin)", async () => {
    const changes: Org[] = [];
    const unsubscribe = env().appservice.onDirectoryChanged((org) => void changes.push(org));
    try {
      await replaceDirectory(demoDirectory(env().serverName));
      const org = await waitFor("the demo directory to be applied", async () => changes.at(-1));
      const carol = `@carol:${env().serverName}`;
      expect(org.departments.every((d) => d.topic !== undefined)).toBe(true);
      expect(org.departments.find((d) => d.id === "reference")?.admins).toEqual([carol]);
      expect(org.admins).toEqual([`@dana:${env().serverName}`]);
    } finally {
      unsubscribe();
    }
  });
});
