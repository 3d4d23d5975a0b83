import { RoomStateEvent, type MatrixClient } from "matrix-js-sdk";
import { createSignal, getOwner, onCleanup, type Accessor } from "solid-js";
import { toUserFacingError } from "./errors.ts";
import { makeRoomListWatcher } from "./createRoomList.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/** The state event the appservice puts in every meeting room: `{meeting_id, host}`. */
export const MEETING_STATE_EVENT = "org.staffroom.meeting";

/** What the reason of a denied guest's kick says (shown to the host in Element too). */
export const DENY_REASON = "The host did not let you in.";

/** One person of a meeting room as its state says: plain data, no SDK objects. */
export type MeetingMember = {
  userId: string;
  displayName: string;
  /** "join", "knock" (waiting in the lobby), "invite" (admitted, joining), "leave", "ban". */
  membership: string;
  /** The knock's reason ("Invited by email as …") or a kick's. */
  reason: string | null;
  /** Minted by the appservice for an email invitation. */
  isGuest: boolean;
};

/** A meeting room as seen from one account. */
export type MeetingRoomView = {
  /** Members by state, sorted: joined first, then by name. */
  members: MeetingMember[];
  /** The signed-in account's own membership ("" while the room has not arrived). */
  myMembership: string;
  /** The reason on the account's own membership (e.g. the host's kick reason). */
  myReason: string | null;
};

const EMPTY: MeetingRoomView = { members: [], myMembership: "", myReason: null };
const GUEST_ID = /^@guest_[a-z2-7]+:/;
const FUNCTIONAL_MEMBERS = "io.element.functional_members";

type Client = Pick<MatrixClient, "getRoom" | "getRooms" | "on" | "off" | "getUserId">;

function readView(client: Client, roomId: string): MeetingRoomView {
  const room = client.getRoom(roomId);
  if (!room) return EMPTY;
  const me = client.getUserId();
  // The appservice's bot is in every meeting room as a service member (MSC4171): not a person.
  const service = room.currentState.getStateEvents(FUNCTIONAL_MEMBERS, "")?.getContent()[
    "service_members"
  ];
  const hidden = new Set(
    Array.isArray(service) ? service.filter((id) => typeof id === "string") : [],
  );
  const events = room.currentState
    .getStateEvents("m.room.member")
    .filter((e) => !hidden.has(e.getStateKey() ?? ""));
  const members: MeetingMember[] = events.map((e) => {
    const content = e.getContent();
    const userId = e.getStateKey() ?? "";
    return {
      userId,
      displayName:
        typeof content["displayname"] === "string" && content["displayname"] !== ""
          ? content["displayname"]
          : userId,
      membership: typeof content["membership"] === "string" ? content["membership"] : "leave",
      reason: typeof content["reason"] === "string" ? content["reason"] : null,
      isGuest: GUEST_ID.test(userId),
    };
  });
  members.sort(
    (a, b) =>
      Number(b.membership === "join") - Number(a.membership === "join") ||
      a.displayName.localeCompare(b.displayName),
  );
  const mine = members.find((m) => m.userId === me);
  return {
    members,
    myMembership: mine?.membership ?? room.getMyMembership(),
    myReason: mine?.reason ?? null,
  };
}

const sameView = (a: MeetingRoomView, b: MeetingRoomView): boolean =>
  a.myMembership === b.myMembership &&
  a.myReason === b.myReason &&
  a.members.length === b.members.length &&
  a.members.every((m, i) => {
    const n = b.members[i];
    return (
      n !== undefined &&
      m.userId === n.userId &&
      m.membership === n.membership &&
      m.displayName === n.displayName &&
      m.reason === n.reason
    );
  });

/**
 * A meeting room's members (lobby knocks included) and the account's own membership, live.
 * Listeners go away with the owning scope.
 * @param session - the running session (a host's, or a guest's)
 * @param roomId - the meeting room
 * @returns an accessor of the {@link MeetingRoomView}
 */
export function createMeetingRoom(
  session: MatrixSession,
  roomId: string,
): Accessor<MeetingRoomView> {
  const client = matrixClientOf(session);
  const [view, setView] = createSignal(readView(client, roomId), { equals: sameView });
  const refresh = (): void => void setView(readView(client, roomId));
  const stopRooms = makeRoomListWatcher(client, refresh);
  client.on(RoomStateEvent.Events, refresh);
  const stop = (): void => {
    stopRooms();
    client.off(RoomStateEvent.Events, refresh);
  };
  if (getOwner()) onCleanup(stop);
  return view;
}

/** Admits a guest waiting in the lobby (an invite: the guest's page then joins). */
export async function admitToMeeting(session: MatrixSession, roomId: string, userId: string) {
  try {
    await matrixClientOf(session).invite(roomId, userId);
  } catch (error) {
    throw toUserFacingError(error, session.credentials.homeserverUrl);
  }
}

/** Turns a guest away (a kick with {@link DENY_REASON}). */
export async function denyFromMeeting(session: MatrixSession, roomId: string, userId: string) {
  try {
    await matrixClientOf(session).kick(roomId, userId, DENY_REASON);
  } catch (error) {
    throw toUserFacingError(error, session.credentials.homeserverUrl);
  }
}

/** Joins the meeting room (a guest, once admitted). */
export async function joinMeetingRoom(session: MatrixSession, roomId: string): Promise<void> {
  try {
    await matrixClientOf(session).joinRoom(roomId);
  } catch (error) {
    throw toUserFacingError(error, session.credentials.homeserverUrl);
  }
}
