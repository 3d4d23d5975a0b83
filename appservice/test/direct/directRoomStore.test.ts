import type { Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeDirectRoomStore } from "../../src/db/directRoomStore.ts";
import { createKnex } from "../../src/db/knexFactory.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { makePair } from "../../src/direct/directPair.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";
const C = "@carol:s.local";

describe("direct room store on SQLite :memory:", () => {
  let db: Knex;
  beforeEach(async () => {
    db = createKnex({ client: "sqlite3", filename: ":memory:" });
    await migrateToLatest(db);
  });
  afterEach(() => db.destroy());

  it("claims a pair once, then records its room", async () => {
    const store = makeDirectRoomStore(db);
    const pair = makePair(B, A);
    await store.claim(pair);
    await store.claim(pair);
    expect(await store.get(pair.key)).toEqual({
      pairKey: pair.key,
      userA: A,
      userB: B,
      roomId: null,
      status: "creating",
    });
    await store.setRoom(pair.key, "!r:s", "creating");
    await store.setRoom(pair.key, "!r:s", "ready");
    // A later claim (a racing second process) keeps the recorded room.
    await store.claim(pair);
    expect(await store.get(pair.key)).toMatchObject({ roomId: "!r:s", status: "ready" });
    expect(await db("direct_rooms").count({ n: "*" })).toEqual([{ n: 1 }]);
  });

  it("refuses to record a room for an unclaimed pair", async () => {
    await expect(makeDirectRoomStore(db).setRoom("x|y", "!r:s", "ready")).rejects.toThrow(/claim/);
  });

  it("keeps one pair per room", async () => {
    const store = makeDirectRoomStore(db);
    await store.claim(makePair(A, B));
    await store.claim(makePair(A, C));
    await store.setRoom(makePair(A, B).key, "!r:s", "ready");
    await expect(store.setRoom(makePair(A, C).key, "!r:s", "ready")).rejects.toThrow(
      /UNIQUE|constraint/i,
    );
  });

  it("lists a user's pairs that have a room, from either side", async () => {
    const store = makeDirectRoomStore(db);
    for (const pair of [makePair(A, B), makePair(C, A), makePair(B, C)]) await store.claim(pair);
    await store.setRoom(makePair(A, B).key, "!ab:s", "ready");
    await store.setRoom(makePair(B, C).key, "!bc:s", "ready");
    expect((await store.listForUser(A)).map((row) => row.roomId)).toEqual(["!ab:s"]);
    expect((await store.listForUser(B)).map((row) => row.roomId).sort()).toEqual([
      "!ab:s",
      "!bc:s",
    ]);
    expect(await store.get("nobody")).toBeUndefined();
  });
});
