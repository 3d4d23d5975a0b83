/**
 * Room adoption's Synapse side ({@link AdoptionGateway}): the Admin API to list rooms, read
 * their state and bring the bot in (`make_room_admin`); the client-server API as the bot for
 * joining and the state events it writes. All calls go through {@link BotHttp}.
 */
import { MANAGED_MARKER_TYPE, type StateEvent } from "../adoption/adoptionPlanner.ts";
import type { AdoptionGateway } from "../adoption/ports.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";
import { retentionContent } from "../retention/cutoff.ts";

const FUNCTIONAL_MEMBERS = "io.element.functional_members";

type AdminRoom = { room_id: string; creator?: string | null; joined_local_members?: number };

/** Builds the gateway. */
export function makeAdoptionGateway(http: BotHttp): AdoptionGateway {
  const admin = "/_synapse/admin/v1";
  const bot = http.botUserId;
  const statePath = (roomId: string, type: string) =>
    `/_matrix/client/v3/rooms/${seg(roomId)}/state/${seg(type)}/`;

  return {
    async listRooms(from, limit) {
      const page = await http.request<{ rooms?: AdminRoom[]; next_batch?: number | string }>(
        "GET",
        `${admin}/rooms`,
        { query: { from, limit, order_by: "name" } },
      );
      return {
        rooms: (page.rooms ?? []).map((room) => ({
          roomId: room.room_id,
          creator: room.creator ?? undefined,
          joinedLocalMembers: room.joined_local_members ?? 0,
        })),
        // Synapse leaves next_batch out on the last page.
        next: page.next_batch === undefined ? undefined : String(page.next_batch),
      };
    },

    async roomState(roomId) {
      const { state } = await http.request<{ state?: StateEvent[] }>(
        "GET",
        `${admin}/rooms/${seg(roomId)}/state`,
      );
      return state ?? [];
    },

    async takeOver(roomId) {
      // Gives the bot the power of the room's most powerful joined local member and invites
      // it (private rooms); the bot then accepts like any invite.
      await http.request("POST", `${admin}/rooms/${seg(roomId)}/make_room_admin`, {
        body: { user_id: bot },
      });
      await http.request("POST", `/_matrix/client/v3/join/${seg(roomId)}`, { body: {} });
    },

    async addServiceMember(roomId) {
      let content: Record<string, unknown> = {};
      try {
        content = await http.request("GET", statePath(roomId, FUNCTIONAL_MEMBERS));
      } catch (error) {
        if (!(error instanceof MatrixApiError && error.status === 404)) throw error;
      }
      const listed = Array.isArray(content["service_members"])
        ? content["service_members"].filter((id): id is string => typeof id === "string")
        : [];
      if (listed.includes(bot)) return;
      await http.request("PUT", statePath(roomId, FUNCTIONAL_MEMBERS), {
        body: { ...content, service_members: [...listed, bot] },
      });
    },

    async setMarker(roomId, kind) {
      await http.request("PUT", statePath(roomId, MANAGED_MARKER_TYPE), {
        body: kind === null ? {} : { kind },
      });
    },

    async setRetention(roomId, maxLifetimeMs) {
      await http.request("PUT", statePath(roomId, "m.room.retention"), {
        body: retentionContent(maxLifetimeMs),
      });
    },
  };
}
