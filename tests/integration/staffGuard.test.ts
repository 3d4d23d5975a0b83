import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { MatrixHttpError } from "../harness/matrixTestClient.ts";
import { registerOutsider } from "../harness/synapse.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

// The Synapse staff guard (synapse-config/modules/staffroom_staff_guard.py) against a real
// Synapse: nobody outside the staff directory is invited to or joins a Staffroom room, not even
// for the moment before the appservice would kick them; rooms without the marker are untouched.

type User = "alice" | "bob" | "carol";
const env = useTestEnv<User>({
  users: ["alice", "bob", "carol"],
  admins: ["alice"],
  departments: [{ id: "sales", name: "Sales", members: ["alice", "bob"], admins: ["alice"] }],
});

const mxid = (localpart: string) => `@${localpart}:${env().serverName}`;
const path = (roomId: string, rest: string) =>
  `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${rest}`;

/** A managed room's ID, once the first sync pass has joined alice to it. */
async function roomIdOf(localpart: string): Promise<string> {
  const alice = env().getUser("alice");
  return waitFor(
    `#${localpart} to exist with alice joined`,
    async () => {
      const { room_id: roomId } = await alice.request<{ room_id: string }>(
        "GET",
        `/_matrix/client/v3/directory/room/${encodeURIComponent(`#${localpart}:${env().serverName}`)}`,
      );
      return (await alice.membership(roomId, alice.userId)) === "join" ? roomId : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

/** The refusal a call got: status, errcode and message. */
async function refusal(call: Promise<unknown>): Promise<MatrixHttpError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have been refused").toBeInstanceOf(MatrixHttpError);
  return error as MatrixHttpError;
}

async function adminJoin(roomId: string, userId: string): Promise<Response> {
  return fetch(
    new URL(`/_synapse/admin/v1/join/${encodeURIComponent(roomId)}`, env().synapse.url),
    {
      method: "POST",
      headers: { authorization: `Bearer ${env().synapse.secrets.as_token}` },
      body: JSON.stringify({ user_id: userId }),
    },
  );
}

async function openDirect(from: User, to: User): Promise<string> {
  const response = await fetch(new URL("/api/direct", env().appserviceUrl), {
    method: "POST",
    headers: {
      authorization: `Bearer ${env().getUser(from).accessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ user_id: mxid(to) }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { room_id: string }).room_id;
}

describe("the staff guard", () => {
  it("marks every Staffroom room with its kind", async () => {
    const alice = env().getUser("alice");
    const kinds: Record<string, string> = {
      "staffroom-space": "space",
      "all-staff": "all_staff",
      "dept-sales": "department",
    };
    for (const [localpart, kind] of Object.entries(kinds)) {
      const marker = await alice.request<{ kind: string }>(
        "GET",
        path(await roomIdOf(localpart), "state/io.staffroom.managed/"),
      );
      expect(marker, localpart).toEqual({ kind });
    }
    const direct = await openDirect("alice", "bob");
    expect(await alice.request("GET", path(direct, "state/io.staffroom.managed/"))).toEqual({
      kind: "direct",
    });
  });

  it("refuses an operator's invite of an outsider, naming who and why", async () => {
    const outsider = await registerOutsider(env().synapse, "olga");
    const salesId = await roomIdOf("dept-sales");
    const error = await refusal(
      env().getUser("alice").request("POST", path(salesId, "invite"), { user_id: outsider.userId }),
    );
    expect(error.status).toBe(403);
    expect(error.errcode).toBe("M_FORBIDDEN");
    expect(error.message).toContain(`${outsider.userId} is not in the staff directory`);
    expect(await env().getUser("alice").membership(salesId, outsider.userId)).toBeUndefined();
  });

  it("refuses an outsider's join, also through the Admin API, so no history is ever read", async () => {
    const outsider = await registerOutsider(env().synapse, "oscar");
    for (const localpart of ["all-staff", "dept-sales", "staffroom-space"]) {
      const roomId = await roomIdOf(localpart);
      const answer = await adminJoin(roomId, outsider.userId);
      expect(answer.status, localpart).toBe(403);
      expect(((await answer.json()) as { error: string }).error).toContain(
        "only staff can join Staffroom chats",
      );
      const messages = await refusal(outsider.request("GET", path(roomId, "messages?dir=b")));
      expect(messages.status).toBe(403);
    }
  });

  it("refuses an outsider in a Staffroom direct chat", async () => {
    const outsider = await registerOutsider(env().synapse, "otto");
    const direct = await openDirect("alice", "bob");
    const error = await refusal(
      env().getUser("bob").request("POST", path(direct, "invite"), { user_id: outsider.userId }),
    );
    expect(error.status).toBe(403);
    expect((await adminJoin(direct, outsider.userId)).status).toBe(403);
  });

  it("lets nobody but the bot set the marker", async () => {
    const alice = env().getUser("alice"); // an org admin: power 100 in every managed room
    const salesId = await roomIdOf("dept-sales");
    const error = await refusal(
      alice.request("PUT", path(salesId, "state/io.staffroom.managed/"), { kind: "nothing" }),
    );
    expect(error.status).toBe(403);
    expect(await alice.request("GET", path(salesId, "state/io.staffroom.managed/"))).toEqual({
      kind: "department",
    });
  });

  it("leaves rooms without the marker alone", async () => {
    const outsider = await registerOutsider(env().synapse, "otis");
    const bob = env().getUser("bob");
    const own = await bob.createRoom({ name: "Outside the policy", invite: [outsider.userId] });
    await outsider.request("POST", path(own, "join"), {});
    expect(await bob.membership(own, outsider.userId)).toBe("join");
  });

  it("follows the directory: someone taken out of it is refused, someone added is let in", async () => {
    const directory = parse(await readFile(env().directoryPath, "utf8")) as {
      operators: { user_id: string; display_name: string }[];
      departments: { members: string[] }[];
    };
    const salesId = await roomIdOf("dept-sales");
    const outsider = await registerOutsider(env().synapse, "petra");
    // Petra joins the staff and the Sales department: the sync lists her, then joins her.
    directory.operators.push({ user_id: outsider.userId, display_name: "Petra" });
    directory.departments[0]!.members.push(outsider.userId);
    await writeFile(env().directoryPath, stringify(directory));
    await waitFor(
      "Petra to be joined to Sales",
      async () =>
        (await outsider.membership(salesId, outsider.userId)) === "join" ? true : undefined,
      { timeoutMs: 30_000 },
    );
    // Carol leaves the staff: she is refused from then on.
    directory.operators = directory.operators.filter((o) => o.user_id !== mxid("carol"));
    await writeFile(env().directoryPath, stringify(directory));
    await waitFor(
      "Carol to be refused in Sales",
      async () => ((await adminJoin(salesId, mxid("carol"))).status === 403 ? true : undefined),
      { timeoutMs: 30_000 },
    );
  });
});
