import type { DirectContent } from "../direct/mDirect.ts";
import { CALL_EVENT_POWER } from "../meetings/callEvents.ts";
import type { DirectRoomGateway } from "../direct/ports.ts";
import { makeLogger } from "../observability/logger.ts";
import { MANAGED_MARKER, markerContent } from "../provisioning/staffList.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";

const log = makeLogger("DirectRoomGateway");

/** How long the one-off token used to edit a person's `m.direct` stays valid. */
const USER_TOKEN_MS = 60_000;

/**
 * {@link DirectRoomGateway} over Synapse: the client-server API as the bot and the Admin API
 * (the bot is a server admin). Direct rooms are created by the bot with the
 * `trusted_private_chat` preset and `is_direct`, invite-only, without a name (clients name them
 * after the other person), with guests kept out, the staff guard's marker
 * (`io.staffroom.managed` `{"kind": "direct"}`) and the bot declared a service member
 * (`io.element.functional_members`, MSC4171) so Element treats the room as a 1:1 chat and
 * leaves the bot out of its name.
 */
export function makeDirectRoomGateway(http: BotHttp, serverName: string): DirectRoomGateway {
  const bot = http.botUserId;

  async function resolveAlias(alias: string): Promise<string> {
    const { room_id } = await http.request<{ room_id: string }>(
      "GET",
      `/_matrix/client/v3/directory/room/${seg(alias)}`,
    );
    return room_id;
  }

  return {
    async createOrFindRoom(aliasLocalpart) {
      const alias = `#${aliasLocalpart}:${serverName}`;
      try {
        const { room_id } = await http.request<{ room_id: string }>(
          "POST",
          "/_matrix/client/v3/createRoom",
          {
            body: {
              preset: "trusted_private_chat",
              is_direct: true,
              visibility: "private",
              room_alias_name: aliasLocalpart,
              initial_state: [
                // The alias is only a creation key: an empty canonical alias keeps Synapse from
                // publishing it, which would make clients show it as the room's name.
                { type: "m.room.canonical_alias", state_key: "", content: {} },
                {
                  type: "io.element.functional_members",
                  state_key: "",
                  content: { service_members: [bot] },
                },
                {
                  type: "m.room.guest_access",
                  state_key: "",
                  content: { guest_access: "forbidden" },
                },
                // Staff only (the Synapse staff guard): nobody else can be invited or join.
                { type: MANAGED_MARKER, state_key: "", content: markerContent("direct") },
              ],
            },
          },
        );
        return room_id;
      } catch (error) {
        // Created before (a crash or a retried request): the alias leads to that room.
        if (error instanceof MatrixApiError && error.errcode === "M_ROOM_IN_USE") {
          log.info("direct room alias exists, re-using its room", { alias });
          return resolveAlias(alias);
        }
        throw error;
      }
    },

    async ensureMarker(roomId) {
      const path = `/_matrix/client/v3/rooms/${seg(roomId)}/state/${seg(MANAGED_MARKER)}/`;
      const content = await http
        .request<Record<string, unknown>>("GET", path)
        .catch((error: unknown) => {
          if (error instanceof MatrixApiError && error.status === 404) return undefined;
          throw error;
        });
      // Any kind stays: a DM adopted from another client keeps its own.
      if (typeof content?.kind === "string" && content.kind !== "") return false;
      await http.request("PUT", path, { body: markerContent("direct") });
      return true;
    },

    async joinedMembers(roomId) {
      const { members } = await http.request<{ members: string[] }>(
        "GET",
        `/_synapse/admin/v1/rooms/${seg(roomId)}/members`,
      );
      return members;
    },

    async joinUser(roomId, userId) {
      await http.request("POST", `/_synapse/admin/v1/join/${seg(roomId)}`, {
        body: { user_id: userId },
      });
    },

    async ensurePowerLevels(roomId, levels) {
      const path = `/_matrix/client/v3/rooms/${seg(roomId)}/state/m.room.power_levels/`;
      const content = await http.request<Record<string, unknown>>("GET", path);
      const users = { ...((content["users"] as Record<string, number> | undefined) ?? {}) };
      const events = { ...((content["events"] as Record<string, number> | undefined) ?? {}) };
      const missing = Object.entries(levels).filter(([userId, level]) => users[userId] !== level);
      const calls = Object.entries(CALL_EVENT_POWER).filter(
        ([type, level]) => events[type] !== level,
      );
      if (missing.length === 0 && calls.length === 0) return;
      for (const [userId, level] of missing) users[userId] = level;
      for (const [type, level] of calls) events[type] = level;
      await http.request("PUT", path, { body: { ...content, users, events } });
    },

    async updateDirect(userId, update) {
      // The bot cannot write another user's account data; a short-lived Admin API login as
      // that user can (no device is created), and is logged out again straight after.
      const { access_token: accessToken } = await http.request<{ access_token: string }>(
        "POST",
        `/_synapse/admin/v1/users/${seg(userId)}/login`,
        { body: { valid_until_ms: Date.now() + USER_TOKEN_MS } },
      );
      const path = `/_matrix/client/v3/user/${seg(userId)}/account_data/m.direct`;
      try {
        let content: DirectContent = {};
        try {
          content = await http.request<DirectContent>("GET", path, { accessToken });
        } catch (error) {
          if (!(error instanceof MatrixApiError && error.status === 404)) throw error;
        }
        const next = update(content);
        if (next !== undefined) await http.request("PUT", path, { accessToken, body: next });
      } finally {
        await http
          .request("POST", "/_matrix/client/v3/logout", { accessToken, body: {}, attempts: 1 })
          .catch((error: unknown) => log.debug("logging out the one-off token failed", { error }));
      }
    },
  };
}
