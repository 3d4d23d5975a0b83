/**
 * {@link MeetingsHomeserver} over Synapse, through the bot's HTTP client: OpenID userinfo
 * (served by the listener's `openid` resource) and the Admin API's joined-member list (the bot
 * is a server admin, so this works in rooms the bot is not in, such as direct chats it left).
 */
import type { MeetingsHomeserver } from "../meetings/ports.ts";
import { HomeserverUnreachableError, MatrixApiError, seg, type BotHttp } from "./botHttp.ts";

/** Builds the gateway. */
export function makeMeetingsGateway(http: BotHttp): MeetingsHomeserver {
  return {
    async openIdUser(accessToken) {
      try {
        const { sub } = await http.request<{ sub?: unknown }>(
          "GET",
          "/_matrix/federation/v1/openid/userinfo",
          { query: { access_token: accessToken }, anonymous: true, attempts: 2 },
        );
        if (typeof sub !== "string") return { status: "invalid" };
        return { status: "valid", userId: sub };
      } catch (error) {
        if (error instanceof MatrixApiError && error.status >= 400 && error.status < 500) {
          return { status: "invalid" };
        }
        if (error instanceof MatrixApiError || error instanceof HomeserverUnreachableError) {
          return { status: "unavailable", reason: error.message };
        }
        throw error;
      }
    },

    async isJoined(roomId, userId) {
      try {
        const { members } = await http.request<{ members: string[] }>(
          "GET",
          `/_synapse/admin/v1/rooms/${seg(roomId)}/members`,
        );
        return members.includes(userId);
      } catch (error) {
        // Synapse answers 404 for a room it doesn't know.
        if (error instanceof MatrixApiError && error.status === 404) return false;
        throw error;
      }
    },
  };
}
