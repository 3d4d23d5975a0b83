import type { MentionCandidate } from "../lib/mentions.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/**
 * The people of a room the composer can mention: joined and invited members but the person
 * typing. Members are loaded from the server the first time (the client syncs them lazily).
 * @param session - the running session
 * @param roomId - the room
 * @returns candidates by display name
 */
export async function mentionCandidatesOf(
  session: MatrixSession,
  roomId: string,
): Promise<MentionCandidate[]> {
  const room = matrixClientOf(session).getRoom(roomId);
  if (!room) return [];
  await room.loadMembersIfNeeded();
  return room
    .getMembers()
    .filter((member) => member.userId !== session.userId)
    .filter((member) => member.membership === "join" || member.membership === "invite")
    .map((member) => ({ userId: member.userId, name: member.name || member.userId }));
}

/**
 * Whether the signed-in person may notify the whole room with `@room` (the room's
 * `notifications.room` power level, 50 by default).
 * @param session - the running session
 * @param roomId - the room
 * @returns true when `@room` would notify everyone
 */
export function canMentionRoomIn(session: MatrixSession, roomId: string): boolean {
  const room = matrixClientOf(session).getRoom(roomId);
  return room?.currentState.mayTriggerNotifOfType("room", session.userId) ?? false;
}
