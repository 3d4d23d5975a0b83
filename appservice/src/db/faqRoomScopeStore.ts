import type { Knex } from "knex";

/**
 * Whether a room is one Staffroom manages (a provisioned room or a direct room): `!faq` is
 * answered there only, so the bot does not talk in rooms someone merely invited it to.
 */
export function makeManagedRoomCheck(db: Knex): (roomId: string) => Promise<boolean> {
  return async (roomId) => {
    const managed = await db("managed_rooms").where({ room_id: roomId }).first("room_id");
    if (managed !== undefined) return true;
    return (await db("direct_rooms").where({ room_id: roomId }).first("room_id")) !== undefined;
  };
}
