/**
 * A room's `m.room.name` as the bot reads it, remembered per process: the scrub only asks for
 * rooms its own records cannot name (archived departments), whose names no longer change, so
 * each is read from Synapse once and previews after that make no call for it.
 */
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";

/** Reads a room's name; undefined when it has none (or the bot cannot read it). */
export type RoomNameLookup = (roomId: string) => Promise<string | undefined>;

/** Builds the lookup over {@link BotHttp}, with its cache. */
export function makeRoomNameLookup(http: Pick<BotHttp, "request">): RoomNameLookup {
  const known = new Map<string, string | undefined>();
  return async (roomId) => {
    if (known.has(roomId)) return known.get(roomId);
    let name: string | undefined;
    try {
      const content = await http.request<{ name?: unknown }>(
        "GET",
        `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.name/`,
        { attempts: 2 },
      );
      name = typeof content.name === "string" ? content.name : undefined;
    } catch (error) {
      // No m.room.name (404) or the bot is not in the room (403): the room has no name we can
      // show, and asking again will not change that. Anything else is asked again next time.
      if (!(error instanceof MatrixApiError) || (error.status !== 404 && error.status !== 403)) {
        return undefined;
      }
    }
    known.set(roomId, name);
    return name;
  };
}
