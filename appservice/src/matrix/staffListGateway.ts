import type { StaffListPort } from "../direct/ports.ts";
import type { ObservedStaffList } from "../provisioning/model.ts";
import type { StaffListGateway } from "../provisioning/ports.ts";
import {
  STAFF_ENTRY,
  staffEntryKey,
  userOfEntryKey,
  STAFF_LIST_NAME,
  STAFF_LIST_TOPIC,
  staffListAlias,
} from "../provisioning/staffList.ts";
import { MatrixApiError, seg, type BotHttp } from "./botHttp.ts";

// The staff list in Synapse: a private room of the bot's (no other members, every power level
// at 100) with one `io.staffroom.staff` state event per person. The Synapse staff guard reads
// it; the membership sync writes it. Thin: decisions are the planner's.

type StateEvent = { type: string; state_key: string; sender: string; content: unknown };

const isStatus = (error: unknown, status: number) =>
  error instanceof MatrixApiError && error.status === status;

const entry = (staff: boolean) => (staff ? { staff: true } : {});

const listedIn = (content: unknown): boolean =>
  typeof content === "object" &&
  content !== null &&
  (content as Record<string, unknown>).staff === true;

/** The room an alias points to, or undefined (404). */
async function resolve(http: BotHttp, alias: string): Promise<string | undefined> {
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
}

/** Builds the {@link StaffListGateway} on the bot's HTTP client. */
export function makeStaffListGateway(http: BotHttp, serverName: string): StaffListGateway {
  const bot = http.botUserId;
  const putEntry = (roomId: string, user: string, staff: boolean) =>
    http.request(
      "PUT",
      `/_matrix/client/v3/rooms/${seg(roomId)}/state/${seg(STAFF_ENTRY)}/${seg(staffEntryKey(user))}`,
      { body: entry(staff) },
    );

  return {
    async observeStaffList(alias): Promise<ObservedStaffList | undefined> {
      const roomId = await resolve(http, alias);
      if (roomId === undefined) return undefined;
      const { state } = await http.request<{ state: StateEvent[] }>(
        "GET",
        `/_synapse/admin/v1/rooms/${seg(roomId)}/state`,
      );
      // Only the bot's entries count, as in the Synapse module.
      const listed = state
        .filter((e) => e.type === STAFF_ENTRY && e.sender === bot && listedIn(e.content))
        .flatMap((e) => userOfEntryKey(e.state_key) ?? []);
      return { roomId, listed: new Set(listed) };
    },

    async createStaffList(aliasLocalpart, staff) {
      const initialState = [
        { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
        {
          type: "m.room.history_visibility",
          state_key: "",
          content: { history_visibility: "joined" },
        },
        { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
        // Everyone in one request: on an install with hundreds of staff the first pass makes
        // the whole list at once.
        ...staff.map((user) => ({
          type: STAFF_ENTRY,
          state_key: staffEntryKey(user),
          content: entry(true),
        })),
      ];
      try {
        const { room_id } = await http.request<{ room_id: string }>(
          "POST",
          "/_matrix/client/v3/createRoom",
          {
            body: {
              preset: "private_chat",
              visibility: "private",
              room_alias_name: aliasLocalpart,
              name: STAFF_LIST_NAME,
              topic: STAFF_LIST_TOPIC,
              initial_state: initialState,
              // Nobody else is ever in it; should anyone get in, they could change nothing.
              power_level_content_override: {
                events_default: 100,
                state_default: 100,
                invite: 100,
                kick: 100,
                ban: 100,
                redact: 100,
              },
            },
          },
        );
        return { roomId: room_id, adopted: false };
      } catch (error) {
        if (!(error instanceof MatrixApiError) || error.errcode !== "M_ROOM_IN_USE") throw error;
        const existing = await resolve(http, `#${aliasLocalpart}:${serverName}`);
        if (existing === undefined) throw error;
        return { roomId: existing, adopted: true };
      }
    },

    async setStaff(roomId, user, staff) {
      await putEntry(roomId, user, staff);
    },
  };
}

/**
 * The {@link StaffListPort} of direct chats: puts people on the staff list before the bot joins
 * them somewhere the guard checks (operators the directory just gained, before the sync listed
 * them). Only ever adds: taking people off is the sync's, from the directory. When there is no
 * list yet (the first pass after start-up has not made it), waits for `waitForSync` once.
 */
export function makeStaffListKeeper(
  http: BotHttp,
  serverName: string,
  waitForSync: () => Promise<void>,
): StaffListPort {
  const alias = staffListAlias(serverName);
  const entryPath = (roomId: string, user: string) =>
    `/_matrix/client/v3/rooms/${seg(roomId)}/state/${seg(STAFF_ENTRY)}/${seg(staffEntryKey(user))}`;
  const listed = async (roomId: string, user: string): Promise<boolean> =>
    listedIn(
      await http.request<unknown>("GET", entryPath(roomId, user)).catch((error: unknown) => {
        if (isStatus(error, 404)) return undefined;
        throw error;
      }),
    );
  return {
    async ensureListed(userIds) {
      // Resolved each time (one read): a list made again under the alias is found at once.
      let roomId = await resolve(http, alias);
      if (roomId === undefined) {
        await waitForSync();
        roomId = await resolve(http, alias);
      }
      if (roomId === undefined) {
        throw new Error(
          `the staff list ${alias} does not exist: the membership sync creates it ` +
            "(see the last sync run in /health)",
        );
      }
      for (const user of userIds) {
        if (!(await listed(roomId, user))) {
          await http.request("PUT", entryPath(roomId, user), { body: entry(true) });
        }
      }
    },
  };
}
