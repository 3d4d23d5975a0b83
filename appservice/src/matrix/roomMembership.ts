import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";

/**
 * Whether `userId` is joined to `roomId`, by the Admin API's member list (so it also answers
 * for rooms the bot has left). A room Synapse does not know (404) or a malformed room ID (400)
 * has no members; any other failure is thrown.
 */
export async function isJoinedMember(
  http: BotHttp,
  roomId: string,
  userId: string,
): Promise<boolean> {
  try {
    const { members } = await http.request<{ members: string[] }>(
      "GET",
      `/_synapse/admin/v1/rooms/${seg(roomId)}/members`,
    );
    return members.includes(userId);
  } catch (error) {
    if (error instanceof MatrixApiError && (error.status === 404 || error.status === 400)) {
      return false;
    }
    throw error;
  }
}
