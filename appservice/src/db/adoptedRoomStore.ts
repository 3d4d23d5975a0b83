import type { Knex } from "knex";
import type { AdoptedKind } from "../adoption/adoptionPlanner.ts";
import type { AdoptedRoom, AdoptedRoomStore, OwnRoomsSource } from "../adoption/ports.ts";

type Row = {
  room_id: string;
  kind: string;
  status: string;
  excluded: boolean | number;
  name: string;
  pair_key: string | null;
  members: string;
  outsiders: string;
  found_at: Date | string | number;
  updated_at?: Date;
};

const ids = (text: string): string[] => {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
};

const toRoom = (row: Row): AdoptedRoom => ({
  roomId: row.room_id,
  kind: (row.kind === "other_direct" ? "other_direct" : "other_room") satisfies AdoptedKind,
  status: row.status === "adopted" ? "adopted" : "outside",
  // SQLite hands booleans back as 0 / 1.
  excluded: Boolean(row.excluded),
  name: row.name,
  pairKey: row.pair_key,
  members: ids(row.members),
  outsiders: ids(row.outsiders),
  foundAt: new Date(row.found_at),
});

/** The `adopted_rooms` table (migration 0011) as an {@link AdoptedRoomStore}; SQLite and PostgreSQL. */
export function makeAdoptedRoomStore(db: Knex): AdoptedRoomStore {
  const table = (trx: Knex = db) => trx<Row>("adopted_rooms");
  return {
    async list() {
      return (await table().orderBy([{ column: "found_at" }, { column: "room_id" }])).map(toRoom);
    },

    async get(roomId) {
      const row = await table().where({ room_id: roomId }).first();
      return row === undefined ? undefined : toRoom(row);
    },

    async save(room) {
      await db.transaction(async (trx) => {
        const before = await table(trx).where({ room_id: room.roomId }).first("status");
        const values = {
          kind: room.kind,
          status: room.status,
          name: room.name,
          pair_key: room.pairKey,
          members: JSON.stringify(room.members),
          outsiders: JSON.stringify(room.outsiders),
          updated_at: new Date(),
        };
        if (before === undefined) {
          await table(trx).insert({ room_id: room.roomId, excluded: false, ...values });
        } else {
          await table(trx).where({ room_id: room.roomId }).update(values);
        }
        if (room.status === "adopted" && before?.status !== "adopted") {
          await trx("audit_log").insert({
            actor: "staffroom",
            action: "rooms.adopt",
            target: room.roomId,
            details: JSON.stringify({ kind: room.kind, name: room.name }),
          });
        }
      });
    },

    async remove(roomId) {
      await table().where({ room_id: roomId }).delete();
    },

    async setExcluded(roomId, excluded, actor) {
      await db.transaction(async (trx) => {
        await table(trx).where({ room_id: roomId }).update({ excluded, updated_at: new Date() });
        await trx("audit_log").insert({
          actor,
          action: "rooms.policy",
          target: roomId,
          details: JSON.stringify({ excluded }),
        });
      });
    },

    async forPair(pairKey) {
      const rows = await table()
        .where({ pair_key: pairKey, status: "adopted" })
        .orderBy([{ column: "found_at" }, { column: "room_id" }]);
      return rows.map(toRoom);
    },
  };
}

/**
 * Staffroom's own rooms, never adopted: managed rooms (0002), direct rooms (0003) and meeting
 * rooms (0007).
 */
export function makeOwnRoomsSource(db: Knex): OwnRoomsSource {
  return async () => {
    const managed = await db("managed_rooms").pluck("room_id");
    const direct = await db("direct_rooms").whereNotNull("room_id").pluck("room_id");
    const meetings = await db("meetings").pluck("room_id");
    return new Set<string>([...managed, ...direct, ...meetings] as string[]);
  };
}

/**
 * For the directory API: other person → the adopted DMs of the pair that are not the pair's
 * direct room (made in another client while they already had one), oldest first.
 */
export function makeOtherDirectRooms(
  db: Knex,
): (userId: string) => Promise<ReadonlyMap<string, readonly string[]>> {
  return async (userId) => {
    const rows = (await db("adopted_rooms as a")
      .leftJoin("direct_rooms as d", "d.pair_key", "a.pair_key")
      .where("a.status", "adopted")
      .whereNotNull("a.pair_key")
      .where(
        (q) =>
          void q
            .where("a.pair_key", "like", `${userId}|%`)
            .orWhere("a.pair_key", "like", `%|${userId}`),
      )
      .where((q) => void q.whereNull("d.room_id").orWhereRaw("d.room_id <> a.room_id"))
      .orderBy([{ column: "a.found_at" }, { column: "a.room_id" }])
      .select("a.room_id", "a.pair_key")) as { room_id: string; pair_key: string }[];
    const others = new Map<string, string[]>();
    for (const row of rows) {
      // LIKE treats "_" as a wildcard: keep only the caller's own pairs.
      const [a, b] = row.pair_key.split("|");
      const other = a === userId ? b : b === userId ? a : undefined;
      if (other === undefined) continue;
      others.set(other, [...(others.get(other) ?? []), row.room_id]);
    }
    return others;
  };
}
