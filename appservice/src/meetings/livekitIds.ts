/**
 * LiveKit room names and participant identities derived from Matrix IDs, exactly as
 * lk-jwt-service (Element's MatrixRTC authorisation service) and matrix-js-sdk derive them, so
 * Element Call and the Staffroom client land in the same LiveKit room: the unpadded standard
 * base64 of SHA-256 over the JSON array of the parts. Pinned to lk-jwt-service's published test
 * vectors (test/meetings/livekitIds.test.ts).
 */
import { createHash } from "node:crypto";

/** The MatrixRTC slot of a room's one call; `/sfu/get` (legacy) always means this slot. */
export const ROOM_CALL_SLOT = "m.call#ROOM";

function hashOf(parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64").replace(/=+$/, "");
}

/** The LiveKit room of one MatrixRTC slot (`m.call#ROOM`) in one Matrix room. */
export function livekitRoomAlias(roomId: string, slotId: string): string {
  return hashOf([roomId, slotId]);
}

/** The LiveKit identity of one MatrixRTC membership (`/get_token`). */
export function livekitIdentity(userId: string, deviceId: string, memberId: string): string {
  return hashOf([userId, deviceId, memberId]);
}

/** The LiveKit identity of a legacy `/sfu/get` caller: `user:device`, not hashed. */
export function legacyLivekitIdentity(userId: string, deviceId: string): string {
  return `${userId}:${deviceId}`;
}
