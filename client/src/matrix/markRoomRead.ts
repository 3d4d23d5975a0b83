import { toUserFacingError } from "./errors.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/**
 * Sends a read receipt for the newest event of `roomId` the server knows (local echoes are
 * skipped: the server rejects receipts for events it has not stored). Synapse then drops the
 * room's notification count, so the badge clears here and in every other client.
 * @param session - the running session
 * @param roomId - the room the person is looking at
 * @returns true when a receipt was sent, false when there was nothing to mark
 * @throws UserFacingError when the server refused or could not be reached
 */
export async function markRoomRead(session: MatrixSession, roomId: string): Promise<boolean> {
  const client = matrixClientOf(session);
  const room = client.getRoom(roomId);
  if (!room) return false;
  const events = room.getLiveTimeline().getEvents();
  const latest = events.findLast((event) => !event.isSending() && event.getId()?.startsWith("$"));
  if (!latest) return false;
  try {
    await client.sendReadReceipt(latest);
    return true;
  } catch (error) {
    throw toUserFacingError(error, session.credentials.homeserverUrl);
  }
}
