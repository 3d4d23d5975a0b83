import type { DirectContent } from "../../src/direct/mDirect.ts";
import type {
  DirectRoomGateway,
  DirectRoomRecord,
  DirectRoomStatus,
  DirectRoomStore,
  StaffListPort,
} from "../../src/direct/ports.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** In-memory direct_rooms table with the same unique-key behaviour as the knex store. */
export class MemoryDirectRoomStore implements DirectRoomStore {
  readonly rows = new Map<string, DirectRoomRecord>();

  async get(pairKey: string) {
    await tick();
    const row = this.rows.get(pairKey);
    return row === undefined ? undefined : { ...row };
  }
  async claim(pair: { key: string; userA: string; userB: string }) {
    await tick();
    if (this.rows.has(pair.key)) return;
    const { key, userA, userB } = pair;
    this.rows.set(key, { pairKey: key, userA, userB, roomId: null, status: "creating" });
  }
  async setRoom(pairKey: string, roomId: string, status: DirectRoomStatus) {
    await tick();
    const row = this.rows.get(pairKey);
    if (row === undefined) throw new Error(`no row ${pairKey}`);
    this.rows.set(pairKey, { ...row, roomId, status });
  }
  async listForUser(userId: string) {
    await tick();
    return [...this.rows.values()].filter(
      (row) => row.roomId !== null && (row.userA === userId || row.userB === userId),
    );
  }
  async listRoomIds() {
    await tick();
    return [...this.rows.values()].flatMap((row) => (row.roomId === null ? [] : [row.roomId]));
  }

  async adopt(pair: { key: string; userA: string; userB: string }, roomId: string) {
    await tick();
    const row = this.rows.get(pair.key);
    if (row?.roomId != null) return row.roomId === roomId;
    const { key, userA, userB } = pair;
    this.rows.set(key, { pairKey: key, userA, userB, roomId, status: "ready" });
    return true;
  }
}

/** In-memory staff list: who is on it, and every call. */
export class MemoryStaffList implements StaffListPort {
  readonly listed = new Set<string>();
  readonly calls: string[] = [];
  async ensureListed(userIds: readonly string[]) {
    this.calls.push(`ensure ${userIds.join(",")}`);
    await tick();
    for (const user of userIds) this.listed.add(user);
  }
}

type FakeRoom = {
  alias: string;
  joined: Set<string>;
  users: Record<string, number>;
  marker: string | undefined;
};

/** In-memory homeserver for direct rooms: rooms by alias, memberships, power levels, m.direct. */
export class MemoryDirectRoomGateway implements DirectRoomGateway {
  readonly rooms = new Map<string, FakeRoom>();
  readonly direct = new Map<string, DirectContent>();
  readonly calls: string[] = [];
  private next = 1;

  constructor(readonly botUserId = "@staffbot:s.local") {}

  async createOrFindRoom(aliasLocalpart: string) {
    this.calls.push(`create ${aliasLocalpart}`);
    await tick();
    for (const [roomId, room] of this.rooms) if (room.alias === aliasLocalpart) return roomId;
    const roomId = `!room${this.next++}:s.local`;
    this.rooms.set(roomId, {
      alias: aliasLocalpart,
      joined: new Set([this.botUserId]),
      users: {},
      marker: "direct",
    });
    return roomId;
  }
  async ensureMarker(roomId: string) {
    await tick();
    const room = this.room(roomId);
    if (room.marker !== undefined) return false;
    this.calls.push(`marker ${roomId}`);
    room.marker = "direct";
    return true;
  }
  async joinedMembers(roomId: string) {
    await tick();
    return [...this.room(roomId).joined];
  }
  async joinUser(roomId: string, userId: string) {
    this.calls.push(`join ${userId}`);
    await tick();
    this.room(roomId).joined.add(userId);
  }
  async ensurePowerLevels(roomId: string, levels: Readonly<Record<string, number>>) {
    await tick();
    Object.assign(this.room(roomId).users, levels);
  }
  async updateDirect(
    userId: string,
    update: (content: DirectContent) => DirectContent | undefined,
  ) {
    const before = this.direct.get(userId) ?? {};
    await tick(); // a read-modify-write window, as over HTTP
    const after = update(before);
    if (after !== undefined) {
      this.calls.push(`m.direct ${userId}`);
      this.direct.set(userId, after);
    }
  }

  leave(roomId: string, userId: string) {
    this.room(roomId).joined.delete(userId);
  }
  private room(roomId: string): FakeRoom {
    const room = this.rooms.get(roomId);
    if (room === undefined) throw new Error(`no room ${roomId}`);
    return room;
  }
}
