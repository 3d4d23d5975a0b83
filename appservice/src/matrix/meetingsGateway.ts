/**
 * {@link MeetingsHomeserver} over Synapse, through the bot's HTTP client: OpenID userinfo
 * (served by the listener's `openid` resource) and the Admin API's joined-member list (the bot
 * is a server admin, so this works in rooms the bot is not in, such as direct chats it left).
 */
import type { MeetingsHomeserver } from "../meetings/ports.ts";
import { HomeserverUnreachableError, MatrixApiError, type BotHttp } from "./botHttp.ts";
import { isJoinedMember } from "./roomMembership.ts";

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

    isJoined: (roomId, userId) => isJoinedMember(http, roomId, userId),
  };
}
