import type { Membership, ObservedRoom } from "../provisioning/model.ts";
import type { RoomGateway } from "../provisioning/ports.ts";
import { MANAGED_MARKER, markerContent } from "../provisioning/staffList.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";
import { makeStaffListGateway } from "./staffListGateway.ts";

// The Synapse side of provisioning, over the bot's HTTP client (as_token; the bot is a server
// admin). Thin on purpose: decisions are the planner's; this only speaks HTTP.

type StateEvent = {
  type: string;
  state_key: string;
  sender: string;
  content: Record<string, unknown>;
};

// Room versions before MSC4289 (v12): creators have no special power there.
const CLASSIC_ROOM_VERSIONS = new Set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);

/** Creators with unlimited power (room v12+): they must not be in the power levels' users map. */
export function privilegedCreators(create: StateEvent | undefined): string[] {
  if (create === undefined) return [];
  const version =
    typeof create.content.room_version === "string" ? create.content.room_version : "1";
  if (CLASSIC_ROOM_VERSIONS.has(version)) return [];
  const additional = Array.isArray(create.content.additional_creators)
    ? create.content.additional_creators.filter((u): u is string => typeof u === "string")
    : [];
  return [create.sender, ...additional];
}

const hasVia = (content: Record<string, unknown>): boolean =>
  Array.isArray(content.via) && content.via.length > 0;

/** Reduces a room's full current state (Admin API) to what the planner compares. */
export function toObservedRoom(roomId: string, state: readonly StateEvent[]): ObservedRoom {
  const members: Record<string, Membership> = {};
  const spaceChildren: string[] = [];
  const spaceParents: string[] = [];
  let powerUsers: Record<string, number> = {};
  let powerEvents: Record<string, number> = {};
  let name: string | undefined;
  let topic: string | undefined;
  let create: StateEvent | undefined;
  let managedKind: string | undefined;
  for (const event of state) {
    const content = event.content;
    switch (event.type) {
      case "m.room.member":
        if (typeof content.membership === "string") {
          members[event.state_key] = content.membership as Membership;
        }
        break;
      case "m.room.power_levels":
        powerUsers = (content.users ?? {}) as Record<string, number>;
        powerEvents = (content.events ?? {}) as Record<string, number>;
        break;
      case "m.room.name":
        name = typeof content.name === "string" ? content.name : undefined;
        break;
      case "m.room.topic":
        topic = typeof content.topic === "string" ? content.topic : undefined;
        break;
      case "m.room.create":
        create = event;
        break;
      case "m.space.child":
        if (hasVia(content)) spaceChildren.push(event.state_key);
        break;
      case "m.space.parent":
        if (hasVia(content)) spaceParents.push(event.state_key);
        break;
      case MANAGED_MARKER:
        if (event.state_key === "" && typeof content.kind === "string" && content.kind !== "") {
          managedKind = content.kind;
        }
        break;
    }
  }
  return {
    roomId,
    members,
    powerUsers,
    powerEvents,
    privilegedCreators: privilegedCreators(create),
    name,
    topic,
    spaceChildren: spaceChildren.sort(),
    spaceParents,
    managedKind,
  };
}

const isStatus = (error: unknown, status: number) =>
  error instanceof MatrixApiError && error.status === status;

/** Builds the {@link RoomGateway} on the bot's HTTP client. */
export function makeRoomGateway(http: BotHttp, serverName: string): RoomGateway {
  const room = (roomId: string) => `/_matrix/client/v3/rooms/${seg(roomId)}`;
  const putState = (roomId: string, type: string, key: string, content: unknown) =>
    http.request("PUT", `${room(roomId)}/state/${seg(type)}/${seg(key)}`, { body: content });
  const getState = async (roomId: string, type: string) =>
    http.request<Record<string, unknown>>("GET", `${room(roomId)}/state/${seg(type)}/`);

  const gateway: RoomGateway = {
    ...makeStaffListGateway(http, serverName),

    async observeRoom(roomId) {
      try {
        const { state } = await http.request<{ state: StateEvent[] }>(
          "GET",
          `/_synapse/admin/v1/rooms/${seg(roomId)}/state`,
        );
        return toObservedRoom(roomId, state);
      } catch (error) {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }
    },

    async createRoom(spec) {
      const initialState: unknown[] = [
        { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
        {
          type: "m.room.history_visibility",
          state_key: "",
          content: { history_visibility: "shared" },
        },
        // Under the staff guard from the first event: nobody outside the staff gets in.
        { type: MANAGED_MARKER, state_key: "", content: markerContent(spec.kind) },
      ];
      if (spec.encrypted) {
        initialState.push({
          type: "m.room.encryption",
          state_key: "",
          content: { algorithm: "m.megolm.v1.aes-sha2" },
        });
      }
      try {
        const { room_id } = await http.request<{ room_id: string }>(
          "POST",
          "/_matrix/client/v3/createRoom",
          {
            body: {
              preset: "private_chat",
              visibility: "private",
              room_alias_name: spec.aliasLocalpart,
              name: spec.name,
              ...(spec.topic ? { topic: spec.topic } : {}),
              initial_state: initialState,
              ...(spec.space ? { creation_content: { type: "m.space" } } : {}),
            },
            // Creation is not idempotent at the HTTP level: a retry after a lost answer would
            // hit M_ROOM_IN_USE, which the alias adoption below handles.
          },
        );
        return { roomId: room_id, adopted: false };
      } catch (error) {
        if (!(error instanceof MatrixApiError) || error.errcode !== "M_ROOM_IN_USE") throw error;
        const alias = `#${spec.aliasLocalpart}:${serverName}`;
        const existing = await gateway.resolveAlias(alias);
        if (existing === undefined) throw error;
        return { roomId: existing, adopted: true };
      }
    },

    async resolveAlias(alias) {
      try {
        const { room_id } = await http.request<{ room_id: string }>(
          "GET",
          `/_matrix/client/v3/directory/room/${seg(alias)}`,
        );
        return room_id;
      } catch (error) {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }
    },

    async join(roomId, userId, options) {
      if (options.unban) {
        await http.request("POST", `${room(roomId)}/unban`, { body: { user_id: userId } });
      }
      await http.request("POST", `/_synapse/admin/v1/join/${seg(roomId)}`, {
        body: { user_id: userId },
      });
    },

    async kick(roomId, userId, reason) {
      await http.request("POST", `${room(roomId)}/kick`, { body: { user_id: userId, reason } });
    },

    async setPowerLevelUsers(roomId, users) {
      const current = await getState(roomId, "m.room.power_levels");
      const creators = privilegedCreators(await createEventOf(roomId));
      const wanted = Object.fromEntries(
        Object.entries(users).filter(([user]) => !creators.includes(user)),
      );
      await putState(roomId, "m.room.power_levels", "", { ...current, users: wanted });
    },

    async setEventPowerLevels(roomId, events) {
      const current = await getState(roomId, "m.room.power_levels");
      const currentEvents = (current.events ?? {}) as Record<string, number>;
      await putState(roomId, "m.room.power_levels", "", {
        ...current,
        events: { ...currentEvents, ...events },
      });
    },

    async setName(roomId, name) {
      await putState(roomId, "m.room.name", "", { name });
    },

    async setTopic(roomId, topic) {
      await putState(roomId, "m.room.topic", "", { topic });
    },

    async setMarker(roomId, kind) {
      await putState(roomId, MANAGED_MARKER, "", markerContent(kind));
    },

    async setSpaceChild(spaceId, childId, present, parent = true) {
      const content = present ? { via: [serverName] } : {};
      await putState(spaceId, "m.space.child", childId, content);
      if (!parent) return;
      await putState(
        childId,
        "m.space.parent",
        spaceId,
        present ? { ...content, canonical: true } : {},
      ).catch((error: unknown) => {
        // Removing the parent link from a room the bot is not in (a stray child) is fine.
        if (!present && isStatus(error, 403)) return;
        throw error;
      });
    },

    async deactivate(userId) {
      await http.request("POST", `/_synapse/admin/v1/deactivate/${seg(userId)}`, {
        body: { erase: false },
      });
    },
  };

  // The create event with its sender: v11+ create events carry no `creator` field, and the C-S
  // state endpoint returns only content unless asked for the whole event.
  async function createEventOf(roomId: string): Promise<StateEvent> {
    return http.request<StateEvent>("GET", `${room(roomId)}/state/m.room.create/`, {
      query: { format: "event" },
    });
  }

  return gateway;
}

/**
 * A gateway over a view of `http` that counts only its own requests: one per sync pass, so the
 * pass's summary shows its reads and writes even while other features use the same client.
 */
export function makeCountingRoomGateway(
  http: BotHttp,
  serverName: string,
): { gateway: RoomGateway; counts(): { reads: number; writes: number } } {
  const counts = { reads: 0, writes: 0 };
  const counted: BotHttp = {
    botUserId: http.botUserId,
    request(method, path, options) {
      counts[method === "GET" ? "reads" : "writes"]++;
      return http.request(method, path, options);
    },
    counts: () => http.counts(),
    resetCounts: () => http.resetCounts(),
  };
  return { gateway: makeRoomGateway(counted, serverName), counts: () => ({ ...counts }) };
}
