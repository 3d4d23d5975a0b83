// `m.direct` account data: `{ "<other user ID>": ["<room ID>", …], … }` (Matrix spec, "Direct
// Messaging"). Element lists a room under People when it appears here. Pure helpers: the
// gateway reads and writes the event, these decide what to write.

/** The content of a user's `m.direct` event as stored by clients. */
export type DirectContent = Record<string, unknown>;

/**
 * `content` with `roomId` listed under `otherUserId`, keeping every other entry (other people's
 * DMs, and clients' own additions we do not understand) untouched.
 * @returns the new content, or `undefined` when the room is already listed (nothing to write)
 */
export function addDirectRoom(
  content: DirectContent,
  otherUserId: string,
  roomId: string,
): DirectContent | undefined {
  const existing = content[otherUserId];
  // A client may have written garbage under a key; replace only that key's value then.
  const rooms = Array.isArray(existing)
    ? existing.filter((room): room is string => typeof room === "string")
    : [];
  if (rooms.includes(roomId)) return undefined;
  return { ...content, [otherUserId]: [...rooms, roomId] };
}

/** The room IDs `content` lists under `otherUserId` (empty when none or malformed). */
export function directRoomsWith(content: DirectContent, otherUserId: string): string[] {
  const rooms = content[otherUserId];
  return Array.isArray(rooms)
    ? rooms.filter((room): room is string => typeof room === "string")
    : [];
}
