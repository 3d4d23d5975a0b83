import type { Knex } from "knex";
import type { Org } from "../directory/org.ts";
import { archivedRoomName, scopeRoomName } from "../retention/roomNames.ts";
import { scrubScope, type ScopeRoom } from "../retention/scrubPlanner.ts";

/** Where the scope's room names come from (see retention/roomNames.ts). */
export type ScopeNaming = {
  getOrg: () => Org;
  /** `m.room.name` of a room the records cannot name (cached by the caller). */
  matrixName?: (roomId: string) => Promise<string | undefined>;
};

/**
 * The rooms a scrub may touch, read from `managed_rooms` (0002), `direct_rooms` (0003) and
 * `adopted_rooms` (0010): the appservice's own records, never Synapse's room list, so a room
 * it neither created nor adopted cannot get in. With `naming`, each room carries the name
 * admins read (none when it cannot be told).
 */
export function makeScrubScopeSource(db: Knex, naming?: ScopeNaming): () => Promise<ScopeRoom[]> {
  return async () => {
    const managed = await db<{ room_id: string; kind: string; key: string }>("managed_rooms")
      .select("room_id", "kind", "key")
      .orderBy("id");
    const direct = await db<{ room_id: string | null; user_a: string; user_b: string }>(
      "direct_rooms",
    )
      .select("room_id", "user_a", "user_b")
      .whereNotNull("room_id")
      .orderBy("pair_key");
    const adopted = await db<{
      room_id: string;
      kind: string;
      name: string;
      status: string;
      excluded: boolean | number;
    }>("adopted_rooms")
      .select("room_id", "kind", "name", "status", "excluded")
      .orderBy([{ column: "found_at" }, { column: "room_id" }]);
    const scope = scrubScope(
      managed.map((r) => ({ roomId: r.room_id, kind: r.kind })),
      direct.map((r) => ({ roomId: r.room_id })),
      adopted.map((r) => ({
        roomId: r.room_id,
        kind: r.kind === "other_direct" ? "other_direct" : "other_room",
        name: r.name,
        status: r.status === "adopted" ? "adopted" : "outside",
        excluded: Boolean(r.excluded),
      })),
    );
    if (naming === undefined) return scope;
    const sources = {
      org: naming.getOrg(),
      managed: managed.map((r) => ({ roomId: r.room_id, key: r.key })),
      direct: direct.flatMap((r) =>
        r.room_id === null ? [] : [{ roomId: r.room_id, userA: r.user_a, userB: r.user_b }],
      ),
    };
    const named: ScopeRoom[] = [];
    for (const room of scope) {
      let name = scopeRoomName(room, sources);
      if (name === undefined && room.kind === "department" && naming.matrixName !== undefined) {
        name = archivedRoomName(await naming.matrixName(room.roomId));
      }
      named.push({ roomId: room.roomId, kind: room.kind, ...(name === undefined ? {} : { name }) });
    }
    return named;
  };
}
