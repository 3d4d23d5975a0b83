import { expect, it } from "vitest";
import { makeDirectRoomStore } from "../../appservice/src/db/directRoomStore.ts";
import { makePair } from "../../appservice/src/direct/directPair.ts";
import { forEachDatabase } from "../harness/databases.ts";

// The direct_rooms store (migration 0003) on SQLite and a real PostgreSQL. The suite shares one
// database per engine, so each test uses its own users.

const id = (localpart: string) => `@${localpart}:s.local`;

forEachDatabase("directRoomStore", (getDb) => {
  it("claims a pair once, then records its room; a later claim keeps it", async () => {
    const store = makeDirectRoomStore(getDb());
    const pair = makePair(id("b1"), id("a1"));
    await store.claim(pair);
    await store.claim(pair);
    expect(await store.get(pair.key)).toEqual({
      pairKey: pair.key,
      userA: id("a1"),
      userB: id("b1"),
      roomId: null,
      status: "creating",
    });
    await store.setRoom(pair.key, "!r1:s", "creating");
    await store.setRoom(pair.key, "!r1:s", "ready");
    await store.claim(pair);
    expect(await store.get(pair.key)).toMatchObject({ roomId: "!r1:s", status: "ready" });
    const rows = await getDb()("direct_rooms").where({ pair_key: pair.key });
    expect(rows).toHaveLength(1);
  });

  it("claims safely when many claim the same pair at once", async () => {
    const store = makeDirectRoomStore(getDb());
    const pair = makePair(id("a2"), id("b2"));
    await Promise.all(Array.from({ length: 10 }, () => store.claim(pair)));
    expect(await getDb()("direct_rooms").where({ pair_key: pair.key })).toHaveLength(1);
  });

  it("refuses to record a room for an unclaimed pair, and a room for two pairs", async () => {
    const store = makeDirectRoomStore(getDb());
    await expect(store.setRoom("x|y", "!r3:s", "ready")).rejects.toThrow(/claim/);
    const first = makePair(id("a3"), id("b3"));
    const second = makePair(id("a3"), id("c3"));
    await store.claim(first);
    await store.claim(second);
    await store.setRoom(first.key, "!r3:s", "ready");
    await expect(store.setRoom(second.key, "!r3:s", "ready")).rejects.toThrow(
      /UNIQUE|duplicate key/i,
    );
  });

  it("lists a user's pairs that have a room, from either side", async () => {
    const store = makeDirectRoomStore(getDb());
    const [ab, ca, bc] = [
      makePair(id("a4"), id("b4")),
      makePair(id("c4"), id("a4")),
      makePair(id("b4"), id("c4")),
    ];
    for (const pair of [ab, ca, bc]) await store.claim(pair);
    await store.setRoom(ab.key, "!ab4:s", "ready");
    await store.setRoom(bc.key, "!bc4:s", "ready");
    expect((await store.listForUser(id("a4"))).map((row) => row.roomId)).toEqual(["!ab4:s"]);
    expect((await store.listForUser(id("b4"))).map((row) => row.roomId).sort()).toEqual([
      "!ab4:s",
      "!bc4:s",
    ]);
    expect(await store.get("nobody")).toBeUndefined();
  });
});
