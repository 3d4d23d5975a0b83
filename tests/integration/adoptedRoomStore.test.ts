import { expect, it } from "vitest";
import {
  makeAdoptedRoomStore,
  makeOtherDirectRooms,
  makeOwnRoomsSource,
} from "../../appservice/src/db/adoptedRoomStore.ts";
import { makeDirectRoomStore } from "../../appservice/src/db/directRoomStore.ts";
import { makeScrubScopeSource } from "../../appservice/src/db/scrubScopeStore.ts";
import { forEachDatabase } from "../harness/databases.ts";

// adopted_rooms (0011) on SQLite and a real PostgreSQL: saving, the audit, exclusion, the scope,
// the pair rule's row in direct_rooms and the pairs' other rooms for the directory API.

const A = "@al_ice:x";
const B = "@bob:x";
const pair = { key: `${A}|${B}`, userA: A, userB: B };
const C = "@car_ol:x";
const D = "@dan:x";
const other = { key: `${C}|${D}`, userA: C, userB: D };

forEachDatabase("adoptedRoomStore", (getDb) => {
  it("saves, audits an adoption once, excludes, and feeds the scrub scope", async () => {
    const db = getDb();
    const store = makeAdoptedRoomStore(db);
    const dm = { roomId: "!dm:x", kind: "other_direct" as const, name: "Direct chat: A · B" };
    await store.save({
      ...dm,
      status: "adopted",
      pairKey: pair.key,
      members: [A, B],
      outsiders: [],
    });
    await store.save({
      ...dm,
      status: "adopted",
      pairKey: pair.key,
      members: [A, B],
      outsiders: [],
    });
    await store.save({
      roomId: "!out:x",
      kind: "other_room",
      name: "Outside",
      status: "outside",
      pairKey: null,
      members: [A, "@v:y"],
      outsiders: ["@v:y"],
    });
    expect(await store.get("!dm:x")).toMatchObject({ ...dm, excluded: false, members: [A, B] });
    expect(await db("audit_log").where({ action: "rooms.adopt" })).toHaveLength(1);
    const scope = makeScrubScopeSource(db);
    expect(await scope()).toEqual([{ roomId: "!dm:x", kind: "other_direct", name: dm.name }]);

    await store.setExcluded("!dm:x", true, "@admin:x");
    expect(await store.get("!dm:x")).toMatchObject({ excluded: true });
    expect(await scope()).toEqual([]);
    expect(await db("audit_log").where({ action: "rooms.policy", actor: "@admin:x" })).toHaveLength(
      1,
    );
    await store.setExcluded("!dm:x", false, "@admin:x");
    expect((await store.forPair(pair.key)).map((r) => r.roomId)).toEqual(["!dm:x"]);
  });

  it("the pair rule: an adopted DM takes a free other, not a taken one; other rooms listed", async () => {
    const db = getDb();
    const direct = makeDirectRoomStore(db);
    const store = makeAdoptedRoomStore(db);
    expect(await direct.adopt(other, "!first:x")).toBe(true);
    expect(await direct.adopt(other, "!second:x")).toBe(false);
    expect(await direct.get(other.key)).toMatchObject({ roomId: "!first:x", status: "ready" });
    for (const roomId of ["!first:x", "!second:x"]) {
      await store.save({
        roomId,
        kind: "other_direct",
        name: "Direct chat",
        status: "adopted",
        pairKey: other.key,
        members: [C, D],
        outsiders: [],
      });
    }
    const others = makeOtherDirectRooms(db);
    expect(await others(C)).toEqual(new Map([[D, ["!second:x"]]]));
    expect(await others(D)).toEqual(new Map([[C, ["!second:x"]]]));
    // "_" is a LIKE wildcard: another user's pairs never leak in.
    expect(await others("@carXol:x")).toEqual(new Map());
    expect(await makeOwnRoomsSource(db)()).toContain("!first:x");
  });
});
