/**
 * {@link MeetingRoomGateway} over Synapse, through the bot's HTTP client. Meeting rooms are
 * created by the bot: join rule `knock` (the lobby), history visible from joining only (guests
 * see nothing from before they came in), guest access forbidden, MatrixRTC call members at PL 0,
 * the host a moderator (invite = admit, kick = deny), and an `org.staffroom.meeting` state event
 * that tells clients it is a meeting room. Guests are registered in the appservice's exclusive
 * namespace and logged in with `m.login.application_service` (no password, no public
 * registration); knocks are sent as the guest through the as_token (`?user_id=`).
 */
import type { GuestLogin, MeetingRoomGateway } from "../meetings/guestPorts.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";
import { isJoinedMember } from "./roomMembership.ts";

/** The meeting room's marker state event (content `{meeting_id, host}`). */
export const MEETING_STATE_TYPE = "org.staffroom.meeting";

/** MatrixRTC membership state events (MSC4143), sent by every participant. */
const CALL_MEMBER_TYPES = ["org.matrix.msc3401.call.member", "m.rtc.member"];

/** Builds the gateway. */
export function makeMeetingRoomGateway(http: BotHttp): MeetingRoomGateway {
  const bot = http.botUserId;
  return {
    async createMeetingRoom({ name, hostUserId, meetingId }) {
      const { room_id: roomId } = await http.request<{ room_id: string }>(
        "POST",
        "/_matrix/client/v3/createRoom",
        {
          body: {
            preset: "private_chat",
            visibility: "private",
            // Pinned: knocking needs v7+, and the power levels below assume v12's creator rule.
            room_version: "12",
            name,
            invite: [hostUserId],
            power_level_content_override: {
              // The bot creates the room, which in room version 12 makes it a creator with
              // unlimited power; creators must not be listed here.
              users: { [hostUserId]: 50 },
              users_default: 0,
              invite: 50,
              kick: 50,
              ban: 50,
              events_default: 0,
              state_default: 50,
              events: Object.fromEntries(CALL_MEMBER_TYPES.map((type) => [type, 0])),
            },
            initial_state: [
              { type: "m.room.join_rules", state_key: "", content: { join_rule: "knock" } },
              {
                type: "m.room.history_visibility",
                state_key: "",
                content: { history_visibility: "joined" },
              },
              {
                type: "m.room.guest_access",
                state_key: "",
                content: { guest_access: "forbidden" },
              },
              {
                type: "io.element.functional_members",
                state_key: "",
                content: { service_members: [bot] },
              },
              {
                type: MEETING_STATE_TYPE,
                state_key: "",
                content: { meeting_id: meetingId, host: hostUserId },
              },
            ],
          },
        },
      );
      // The host is joined straight away (Admin API; the bot is a server admin in the room).
      await http.request("POST", `/_synapse/admin/v1/join/${seg(roomId)}`, {
        body: { user_id: hostUserId },
      });
      return roomId;
    },

    isJoined: (roomId, userId) => isJoinedMember(http, roomId, userId),

    async roomName(roomId) {
      const room = await http.request<{ name?: string | null }>(
        "GET",
        `/_synapse/admin/v1/rooms/${seg(roomId)}`,
      );
      return typeof room.name === "string" && room.name.trim() !== "" ? room.name : undefined;
    },

    async displayName(userId) {
      try {
        const profile = await http.request<{ displayname?: string }>(
          "GET",
          `/_matrix/client/v3/profile/${seg(userId)}/displayname`,
        );
        return profile.displayname;
      } catch (error) {
        if (error instanceof MatrixApiError && error.status === 404) return undefined;
        throw error;
      }
    },

    async registerGuest(localpart): Promise<GuestLogin> {
      const { user_id: userId } = await http.request<{ user_id: string }>(
        "POST",
        "/_matrix/client/v3/register",
        {
          body: { type: "m.login.application_service", username: localpart, inhibit_login: true },
          attempts: 1,
        },
      );
      const login = await http.request<{ access_token: string; device_id: string }>(
        "POST",
        "/_matrix/client/v3/login",
        {
          body: {
            type: "m.login.application_service",
            identifier: { type: "m.id.user", user: userId },
            initial_device_display_name: "Staffroom guest",
          },
          attempts: 1,
        },
      );
      return { userId, accessToken: login.access_token, deviceId: login.device_id };
    },

    async setDisplayName(userId, name) {
      await http.request("PUT", `/_matrix/client/v3/profile/${seg(userId)}/displayname`, {
        asUser: userId,
        body: { displayname: name },
      });
    },

    async knock(userId, roomId, reason) {
      await http.request("POST", `/_matrix/client/v3/knock/${seg(roomId)}`, {
        asUser: userId,
        body: { reason },
      });
    },

    async deactivate(userId) {
      await http.request("POST", `/_synapse/admin/v1/deactivate/${seg(userId)}`, {
        body: { erase: false },
      });
    },
  };
}
