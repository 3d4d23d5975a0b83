import type { Knex } from "knex";
import { scrubScope, type ScopeRoom } from "../retention/scrubPlanner.ts";

/**
 * The rooms a scrub may touch, read from `managed_rooms` (0002), `direct_rooms` (0003) and
 * `adopted_rooms` (0011): the appservice's own records, never Synapse's room list, so a room
 * it neither created nor adopted cannot get in.
 */
export function makeScrubScopeSource(db: Knex): () => Promise<ScopeRoom[]> {
  return async () => {
    const managed = await db<{ room_id: string; kind: string }>("managed_rooms")
      .select("room_id", "kind")
      .orderBy("id");
    const direct = await db<{ room_id: string | null }>("direct_rooms")
      .select("room_id")
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
    return scrubScope(
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
  };
}
