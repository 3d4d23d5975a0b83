/**
 * The web client's message search, as it asks and reads, against a real Synapse on SQLite and on
 * PostgreSQL (their full-text engines differ): matches across chats, one chat only, paging with
 * `next_batch`, an edited message found by its new words under its own ID, deleted messages
 * gone, and nothing from rooms the searcher is not in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  searchPageOf,
  searchRequestOf,
  type SearchQuery,
} from "../../client/src/matrix/searchQuery.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { registerOutsider } from "../harness/synapse.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

let txn = 0;
async function send(
  user: MatrixTestClient,
  roomId: string,
  content: Record<string, unknown>,
): Promise<string> {
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/s${txn++}`;
  return (await user.request<{ event_id: string }>("PUT", path, content)).event_id;
}
const text = (body: string) => ({ msgtype: "m.text", body });

async function search(user: MatrixTestClient, query: SearchQuery) {
  const { body, nextBatch } = searchRequestOf(query);
  const path = `/_matrix/client/v3/search${nextBatch === undefined ? "" : `?next_batch=${encodeURIComponent(nextBatch)}`}`;
  return searchPageOf(await user.request("POST", path, body), {
    roomName: () => undefined,
    senderName: () => undefined,
  });
}

describe.each(["sqlite", "postgres"] as const)("message search on Synapse with %s", (database) => {
  const env = useTestEnv({ users: ["alice", "bob"], synapseDatabase: database });
  const rooms = { circ: "", ref: "" };

  beforeAll(async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    rooms.circ = await bob.createRoom({ name: "Circulation", invite: [alice.userId] });
    rooms.ref = await bob.createRoom({ name: "Reference", invite: [alice.userId] });
    for (const roomId of Object.values(rooms))
      await alice.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
  });

  it("finds messages in every chat of the searcher, and in one chat when asked", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const jammed = await send(bob, rooms.circ, text("The photocopier on level 2 is jammed"));
    const fixed = await send(bob, rooms.ref, text("Photocopier fixed, thanks"));
    await send(bob, rooms.circ, text("Returns trolley is full"));

    const page = await waitFor("both photocopier messages found", async () => {
      const found = await search(alice, { term: "photocopier" });
      return found.hits.length === 2 ? found : undefined;
    });
    expect(page.hits.map((hit) => hit.eventId).sort()).toEqual([jammed, fixed].sort());
    expect(page.hits[0]).toMatchObject({ eventId: fixed, roomId: rooms.ref, sender: bob.userId });
    expect(page.nextBatch).toBeUndefined();
    if (database === "postgres") expect(page.highlights).toContain("photocopier");

    const here = await search(alice, { term: "photocopier", roomId: rooms.circ });
    expect(here.hits.map((hit) => hit.eventId)).toEqual([jammed]);

    // Someone in neither room finds nothing.
    const outsider = await registerOutsider(env().synapse, `outsider_${database}`);
    expect((await search(outsider, { term: "photocopier" })).hits).toEqual([]);
  });

  it("pages with next_batch, newest first, to the last result", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    for (let i = 0; i < 25; i++) await send(bob, rooms.circ, text(`shelving batch ${i}`));
    const first = await waitFor("the first page of shelving results", async () => {
      const found = await search(alice, { term: "shelving" });
      return found.hits.length === 20 ? found : undefined;
    });
    expect(first.hits[0]?.body).toBe("shelving batch 24");
    expect(first.nextBatch).toBeDefined();
    const second = await search(alice, { term: "shelving", nextBatch: first.nextBatch });
    expect(second.hits.map((hit) => hit.body)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `shelving batch ${i}`),
    );
    expect(second.nextBatch).toBeUndefined();
  });

  it("finds an edited message by its new words, and no deleted one", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const original = await send(bob, rooms.circ, text("Meet at the enquiry desk"));
    await send(bob, rooms.circ, {
      msgtype: "m.text",
      body: "* Meet at the loading bay",
      "m.new_content": text("Meet at the loading bay"),
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    });
    const edited = await waitFor("the edit found", async () => {
      const found = await search(alice, { term: "loading" });
      return found.hits.length > 0 ? found : undefined;
    });
    expect(edited.hits).toEqual([
      expect.objectContaining({ eventId: original, body: "Meet at the loading bay" }),
    ]);

    const secret = await send(bob, rooms.circ, text("Salary figures for the review"));
    await waitFor("the message found before it is deleted", async () =>
      (await search(alice, { term: "salary" })).hits.length === 1 ? true : undefined,
    );
    await bob.request(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(rooms.circ)}/redact/${encodeURIComponent(secret)}/r${txn++}`,
      {},
    );
    await waitFor("the deleted message no longer found", async () =>
      (await search(alice, { term: "salary" })).hits.length === 0 ? true : undefined,
    );
  });
});
