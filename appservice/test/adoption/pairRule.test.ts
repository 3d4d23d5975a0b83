import { describe, expect, it } from "vitest";
import { makePair } from "../../src/direct/directPair.ts";
import { makeDirectRoomService } from "../../src/direct/directRoomService.ts";
import { MemoryDirectRoomGateway, MemoryDirectRoomStore } from "../direct/fakes.ts";

const A = "@alice:s.local";
const B = "@bob:s.local";

describe("the DM pair rule", () => {
  it("makes an adopted DM the pair's room when they have none, listed in both m.direct", async () => {
    const store = new MemoryDirectRoomStore();
    const gateway = new MemoryDirectRoomGateway();
    const service = makeDirectRoomService({ store, gateway });
    expect(await service.adoptRoom(makePair(A, B), "!element:s.local")).toBe(true);
    expect(store.rows.get(makePair(A, B).key)).toMatchObject({
      roomId: "!element:s.local",
      status: "ready",
    });
    expect(gateway.direct.get(A)).toEqual({ [B]: ["!element:s.local"] });
    expect(gateway.direct.get(B)).toEqual({ [A]: ["!element:s.local"] });
  });

  it("keeps the pair's Staffroom room when there is one", async () => {
    const store = new MemoryDirectRoomStore();
    const gateway = new MemoryDirectRoomGateway();
    const service = makeDirectRoomService({ store, gateway });
    const ours = await service.ensureRoom(makePair(A, B));
    expect(await service.adoptRoom(makePair(A, B), "!element:s.local")).toBe(false);
    expect(await service.ensureRoom(makePair(A, B))).toBe(ours);
  });

  it("opening a chat adopts a DM the pair's m.direct lists instead of creating a second one", async () => {
    const store = new MemoryDirectRoomStore();
    const gateway = new MemoryDirectRoomGateway();
    gateway.rooms.set("!element:s.local", {
      alias: "",
      joined: new Set([A, B]),
      users: {},
      marker: "other_direct",
    });
    gateway.direct.set(A, { [B]: ["!element:s.local"] });
    const asked: string[][] = [];
    const service = makeDirectRoomService({
      store,
      gateway,
      adoptExisting: async (_pair, listed) => {
        asked.push([...listed]);
        return listed[0];
      },
    });
    expect(await service.ensureRoom(makePair(A, B))).toBe("!element:s.local");
    expect(asked).toEqual([["!element:s.local"]]);
    expect(gateway.calls.filter((call) => call.startsWith("create"))).toEqual([]);
    expect(gateway.direct.get(B)).toEqual({ [A]: ["!element:s.local"] });
  });

  it("creates its own room when no listed DM qualifies", async () => {
    const gateway = new MemoryDirectRoomGateway();
    gateway.direct.set(A, { [B]: ["!someone-elses:s.local"] });
    const service = makeDirectRoomService({
      store: new MemoryDirectRoomStore(),
      gateway,
      adoptExisting: async () => undefined,
    });
    const roomId = await service.ensureRoom(makePair(A, B));
    expect(roomId).not.toBe("!someone-elses:s.local");
    expect(gateway.calls.some((call) => call.startsWith("create"))).toBe(true);
  });
});
