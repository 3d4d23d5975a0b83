import type { Knex } from "knex";
import type { DirectRoomRecord, DirectRoomStatus, DirectRoomStore } from "../direct/ports.ts";

type Row = {
  pair_key: string;
  user_a: string;
  user_b: string;
  room_id: string | null;
  status: string;
};

const toRecord = (row: Row): DirectRoomRecord => ({
  pairKey: row.pair_key,
  userA: row.user_a,
  userB: row.user_b,
  roomId: row.room_id,
  status: row.status === "ready" ? "ready" : "creating",
});

/** The `direct_rooms` table (migration 0003) as a {@link DirectRoomStore}; SQLite and PostgreSQL. */
export function makeDirectRoomStore(db: Knex): DirectRoomStore {
  const table = () => db<Row>("direct_rooms");
  return {
    async get(pairKey) {
      const row = await table().where({ pair_key: pairKey }).first();
      return row === undefined ? undefined : toRecord(row);
    },

    async claim(pair) {
      // ON CONFLICT DO NOTHING on both databases: a second claim keeps the first row.
      await table()
        .insert({ pair_key: pair.key, user_a: pair.userA, user_b: pair.userB, status: "creating" })
        .onConflict("pair_key")
        .ignore();
    },

    async setRoom(pairKey: string, roomId: string, status: DirectRoomStatus) {
      const updated = await db("direct_rooms")
        .where({ pair_key: pairKey })
        .update({ room_id: roomId, status, updated_at: db.fn.now() });
      if (updated === 0) throw new Error(`direct_rooms has no row for ${pairKey}: claim it first`);
    },

    async listForUser(userId) {
      const rows = await table()
        // A grouped (user_a = ? OR user_b = ?); the builder mutates `query`, nothing to await.
        .where((query) => void query.where({ user_a: userId }).orWhere({ user_b: userId }))
        .whereNotNull("room_id")
        .orderBy("pair_key");
      return rows.map(toRecord);
    },

    async listRoomIds() {
      const rows = await table().select("room_id").whereNotNull("room_id").orderBy("pair_key");
      return rows.map((row) => row.room_id as string);
    },

    async adopt(pair, roomId) {
      return db.transaction(async (trx) => {
        const row = await trx<Row>("direct_rooms").where({ pair_key: pair.key }).first();
        if (row?.room_id != null) return row.room_id === roomId;
        if (row === undefined) {
          await trx("direct_rooms").insert({
            pair_key: pair.key,
            user_a: pair.userA,
            user_b: pair.userB,
            room_id: roomId,
            status: "ready",
          });
        } else {
          // A claim whose room was never created: the adopted room takes its place.
          await trx("direct_rooms")
            .where({ pair_key: pair.key })
            .update({ room_id: roomId, status: "ready", updated_at: db.fn.now() });
        }
        return true;
      });
    },
  };
}
