import type { Knex } from "knex";
import type { ManagedRoom, RoomKind } from "../provisioning/model.ts";
import type { ManagedRoomStorePort } from "../provisioning/ports.ts";

export type { ManagedRoom, RoomKind } from "../provisioning/model.ts";

type RoomRow = {
  kind: string;
  key: string;
  room_id: string;
  alias: string;
  archived_at: number | string | null;
};

// bigint columns come back as strings from PostgreSQL and numbers from SQLite.
const toDate = (value: number | string | null): Date | null =>
  value === null ? null : new Date(Number(value));

function toRoom(row: RoomRow): ManagedRoom {
  return {
    kind: row.kind as RoomKind,
    key: row.key,
    roomId: row.room_id,
    alias: row.alias,
    archivedAt: toDate(row.archived_at),
  };
}

/**
 * The `managed_rooms` and `managed_members` tables (migration 0002_provisioning): which rooms
 * the appservice provisioned, and which memberships its sync made.
 */
export function makeManagedRoomStore(db: Knex): ManagedRoomStorePort {
  return {
    async list() {
      const rows = await db<RoomRow>("managed_rooms").select().orderBy("id");
      return rows.map(toRoom);
    },
    async get(kind, key) {
      const row = await db<RoomRow>("managed_rooms").where({ kind, key }).first();
      return row === undefined ? undefined : toRoom(row);
    },
    async upsert(room) {
      const values = {
        kind: room.kind,
        key: room.key,
        room_id: room.roomId,
        alias: room.alias,
        archived_at: null,
        updated_at: Date.now(),
      };
      // Delete + insert in one transaction: the alias or room ID may move between keys when a
      // room was recreated by hand, which a plain onConflict on one column would not cover.
      await db.transaction(async (trx) => {
        await trx("managed_rooms")
          .where({ kind: room.kind, key: room.key })
          .orWhere({ room_id: room.roomId })
          .orWhere({ alias: room.alias })
          .delete();
        await trx("managed_rooms").insert(values);
      });
    },
    async setArchived(kind, key, at) {
      await db("managed_rooms")
        .where({ kind, key })
        .update({ archived_at: at === null ? null : at.getTime(), updated_at: Date.now() });
    },
    async listManagedMembers() {
      const rows = await db<{ room_id: string; user_id: string }>("managed_members").select(
        "room_id",
        "user_id",
      );
      const byRoom = new Map<string, Set<string>>();
      for (const row of rows) {
        const users = byRoom.get(row.room_id) ?? new Set<string>();
        users.add(row.user_id);
        byRoom.set(row.room_id, users);
      }
      return byRoom;
    },
    async addManagedMember(roomId, userId) {
      await db("managed_members")
        .insert({ room_id: roomId, user_id: userId, added_at: Date.now() })
        .onConflict(["room_id", "user_id"])
        .ignore();
    },
    async removeManagedMember(roomId, userId) {
      await db("managed_members").where({ room_id: roomId, user_id: userId }).delete();
    },
    async forgetUser(userId) {
      await db("managed_members").where({ user_id: userId }).delete();
    },
  };
}
