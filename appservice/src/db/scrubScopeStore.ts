import type { Knex } from "knex";
import { scrubScope, type ScopeRoom } from "../retention/scrubPlanner.ts";

/**
 * The rooms a scrub may touch, read from `managed_rooms` (0002) and `direct_rooms` (0003): the
 * appservice's own records, never Synapse's room list, so an unmanaged room cannot get in.
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
    return scrubScope(
      managed.map((r) => ({ roomId: r.room_id, kind: r.kind })),
      direct.map((r) => ({ roomId: r.room_id })),
    );
  };
}
