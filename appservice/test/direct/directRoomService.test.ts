import { describe, expect, it } from "vitest";
import { makePair } from "../../src/direct/directPair.ts";
import { directAliasLocalpart, makeDirectRoomService } from "../../src/direct/directRoomService.ts";
import { makeKeyedLock } from "../../src/direct/keyedLock.ts";
import { MemoryDirectRoomGateway, MemoryDirectRoomStore, MemoryStaffList } from "./fakes.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";
const C = "@carol:s.local";

function setUp() {
  const store = new MemoryDirectRoomStore();
  const gateway = new MemoryDirectRoomGateway();
  const lock = makeKeyedLock();
  const staffList = new MemoryStaffList();
  const service = makeDirectRoomService({ store, gateway, lock, staffList });
  return { store, gateway, lock, staffList, service };
}

describe("direct room service", () => {
  it("creates the room on first use: both joined at power 50, in both m.direct", async () => {
    const { store, gateway, service } = setUp();
    const roomId = await service.ensureRoom(makePair(A, B));
    const room = gateway.rooms.get(roomId);
    expect([...(room?.joined ?? [])].sort()).toEqual([A, B, gateway.botUserId].sort());
    expect(room?.users).toEqual({ [A]: 50, [B]: 50 });
    expect(gateway.direct.get(A)).toEqual({ [B]: [roomId] });
    expect(gateway.direct.get(B)).toEqual({ [A]: [roomId] });
    expect(store.rows.get(makePair(A, B).key)).toMatchObject({ roomId, status: "ready" });
  });

  it("answers the stored room for both directions without touching Synapse beyond a check", async () => {
    const { gateway, service } = setUp();
    const roomId = await service.ensureRoom(makePair(A, B));
    gateway.calls.length = 0;
    expect(await service.ensureRoom(makePair(B, A))).toBe(roomId);
    expect(gateway.calls).toEqual([]);
  });

  it("creates one room for 10 concurrent calls in both directions, and frees its locks", async () => {
    const { gateway, lock, service } = setUp();
    const rooms = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        service.ensureRoom(i % 2 ? makePair(A, B) : makePair(B, A)),
      ),
    );
    expect(new Set(rooms).size).toBe(1);
    expect(gateway.rooms.size).toBe(1);
    expect(gateway.calls.filter((call) => call.startsWith("create"))).toHaveLength(1);
    expect(lock.size()).toBe(0);
  });

  it("keeps both of a person's new DMs when they are created at the same moment", async () => {
    const { gateway, service } = setUp();
    const [ab, ac] = await Promise.all([
      service.ensureRoom(makePair(A, B)),
      service.ensureRoom(makePair(A, C)),
    ]);
    expect(gateway.direct.get(A)).toEqual({ [B]: [ab], [C]: [ac] });
  });

  it("re-joins someone who left and gives them the m.direct entry back", async () => {
    const { gateway, service } = setUp();
    const roomId = await service.ensureRoom(makePair(A, B));
    gateway.leave(roomId, B);
    gateway.direct.set(B, {});
    gateway.calls.length = 0;
    expect(await service.ensureRoom(makePair(A, B))).toBe(roomId);
    expect(gateway.calls).toEqual([`join ${B}`, `m.direct ${B}`]);
    expect(gateway.direct.get(B)).toEqual({ [A]: [roomId] });
  });

  it("finishes a set-up a crash interrupted (row stored, nobody joined yet)", async () => {
    const { store, gateway, service } = setUp();
    const pair = makePair(A, B);
    const roomId = await gateway.createOrFindRoom(directAliasLocalpart(pair.key));
    await store.claim(pair);
    await store.setRoom(pair.key, roomId, "creating");
    expect(await service.ensureRoom(pair)).toBe(roomId);
    expect(gateway.rooms.size).toBe(1);
    expect(gateway.direct.get(A)).toEqual({ [B]: [roomId] });
    expect(store.rows.get(pair.key)?.status).toBe("ready");
  });

  it("re-uses the room Synapse holds under the pair's alias when the row was lost", async () => {
    const { gateway, service } = setUp();
    const pair = makePair(A, B);
    const roomId = await gateway.createOrFindRoom(directAliasLocalpart(pair.key));
    expect(await service.ensureRoom(pair)).toBe(roomId);
    expect(gateway.rooms.size).toBe(1);
  });

  it("lists a person's direct rooms by the other person", async () => {
    const { service } = setUp();
    const ab = await service.ensureRoom(makePair(A, B));
    const ac = await service.ensureRoom(makePair(C, A));
    expect(await service.roomsOf(A)).toEqual(
      new Map([
        [B, ab],
        [C, ac],
      ]),
    );
    expect(await service.roomsOf(B)).toEqual(new Map([[A, ab]]));
  });

  it("puts both people on the staff list before joining them, and only those who join", async () => {
    const { gateway, staffList, service } = setUp();
    const roomId = await service.ensureRoom(makePair(A, B));
    expect(staffList.calls).toEqual([`ensure ${A},${B}`]);
    expect(gateway.rooms.get(roomId)?.marker).toBe("direct");
    gateway.leave(roomId, A);
    await service.ensureRoom(makePair(A, B));
    expect(staffList.calls).toEqual([`ensure ${A},${B}`, `ensure ${A}`]);
    await service.ensureRoom(makePair(A, B)); // nobody to join: the list is not asked
    expect(staffList.calls).toHaveLength(2);
  });

  it("marks a room made before markers when it is next used, and never re-marks", async () => {
    const { gateway, service } = setUp();
    const roomId = await service.ensureRoom(makePair(A, B));
    gateway.rooms.get(roomId)!.marker = undefined;
    gateway.calls.length = 0;
    await service.ensureRoom(makePair(B, A));
    expect(gateway.calls).toEqual([`marker ${roomId}`]);
    expect(gateway.rooms.get(roomId)?.marker).toBe("direct");
  });

  it("marks every unmarked direct room at once, leaving other markers alone", async () => {
    const { gateway, service } = setUp();
    const ab = await service.ensureRoom(makePair(A, B));
    const ac = await service.ensureRoom(makePair(A, C));
    const bc = await service.ensureRoom(makePair(B, C));
    gateway.rooms.get(ab)!.marker = undefined;
    gateway.rooms.get(ac)!.marker = "other_direct";
    expect(await service.markAll()).toEqual({ rooms: 3, marked: 1, failed: 0 });
    expect(gateway.rooms.get(ab)?.marker).toBe("direct");
    expect(gateway.rooms.get(ac)?.marker).toBe("other_direct");
    expect(gateway.rooms.get(bc)?.marker).toBe("direct");
  });

  it("counts a room it could not mark and carries on", async () => {
    const { gateway, service } = setUp();
    const ab = await service.ensureRoom(makePair(A, B));
    const ac = await service.ensureRoom(makePair(A, C));
    gateway.rooms.get(ac)!.marker = undefined;
    gateway.rooms.delete(ab); // Synapse no longer knows it
    expect(await service.markAll()).toEqual({ rooms: 2, marked: 1, failed: 1 });
    expect(gateway.rooms.get(ac)?.marker).toBe("direct");
  });

  it("names the alias by a digest of the pair, in the #staffroom- namespace", () => {
    const alias = directAliasLocalpart(makePair(A, B).key);
    expect(alias).toMatch(/^staffroom-dm-[0-9a-f]{32}$/);
    expect(alias).not.toContain("alice");
    expect(directAliasLocalpart(makePair(B, A).key)).toBe(alias);
  });
});

describe("keyed lock", () => {
  it("runs work for one key in order and survives a failure", async () => {
    const lock = makeKeyedLock();
    const order: string[] = [];
    const slow = lock.run("k", async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push("first");
      throw new Error("boom");
    });
    const fast = lock.run("k", () => {
      order.push("second");
      return Promise.resolve(2);
    });
    await expect(slow).rejects.toThrow("boom");
    expect(await fast).toBe(2);
    expect(order).toEqual(["first", "second"]);
    expect(lock.size()).toBe(0);
  });
});
