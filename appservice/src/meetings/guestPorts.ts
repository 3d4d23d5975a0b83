// What the meeting and guest service needs, as ports: the tables (src/db/meetingStore.ts), Synapse
// (src/matrix/meetingRoomGateway.ts) and the mail server (mailer.ts). Times are epoch ms.
import type { InviteState } from "./guestInvites.ts";

/** A meeting: its dedicated room and who started it. */
export type MeetingRecord = {
  id: string;
  roomId: string;
  hostUserId: string;
  fromRoomId: string;
  name: string;
  createdAt: number;
  endedAt: number | null;
};

/** An invitation by email (the token's hash only). */
export type InviteRecord = {
  id: string;
  meetingId: string;
  email: string;
  tokenHash: string;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
};

/** A guest account minted from an invite. */
export type GuestRecord = {
  userId: string;
  meetingId: string;
  inviteId: string;
  displayName: string;
  createdAt: number;
  expiresAt: number;
  deactivatedAt: number | null;
};

/** The `meetings`, `meeting_invites` and `meeting_guests` tables. */
export interface MeetingStore {
  addMeeting(meeting: MeetingRecord): Promise<void>;
  getMeeting(id: string): Promise<MeetingRecord | undefined>;
  /** The host's meetings that have not ended, newest first. */
  runningMeetings(hostUserId: string): Promise<MeetingRecord[]>;
  /** Sets `ended_at` once; false when it was already ended. */
  endMeeting(id: string, at: number): Promise<boolean>;
  addInvite(invite: InviteRecord): Promise<void>;
  deleteInvite(id: string): Promise<void>;
  /**
   * Marks the invite with this hash used, atomically: only while unused, unexpired and its
   * meeting not ended. The winner gets the invite; everyone else `undefined`.
   */
  claimInvite(tokenHash: string, now: number): Promise<InviteRecord | undefined>;
  /** Gives an invite back (its redeem failed half-way, before any account was handed out). */
  releaseInvite(id: string): Promise<void>;
  /** What is known about the invite with this hash (for the refusal message). */
  inviteState(tokenHash: string): Promise<InviteState | undefined>;
  addGuest(guest: GuestRecord): Promise<void>;
  /** Live guests whose time is up at `now` or whose meeting has ended. */
  guestsDue(now: number): Promise<GuestRecord[]>;
  /** The guest with this user ID, if it is one of ours. */
  getGuest(userId: string): Promise<GuestRecord | undefined>;
  /** Live guests of one meeting. */
  liveGuests(meetingId: string): Promise<GuestRecord[]>;
  markDeactivated(userId: string, at: number): Promise<void>;
  /** One `audit_log` row: `meeting.start`, `meeting.invite`, `meeting.redeem`, `meeting.end`, `guest.deactivate`. */
  audit(entry: { actor: string; action: string; target: string; details?: object }): Promise<void>;
}

/** A freshly minted guest login. */
export type GuestLogin = { userId: string; accessToken: string; deviceId: string };

/** Synapse's side of meetings. */
export interface MeetingRoomGateway {
  /** Creates a meeting room (knock, history from joining, call members PL 0) with the host in it. */
  createMeetingRoom(options: {
    name: string;
    hostUserId: string;
    meetingId: string;
  }): Promise<string>;
  /** Whether `userId` is joined to `roomId` (false for unknown rooms). */
  isJoined(roomId: string, userId: string): Promise<boolean>;
  /** The room's name, if it has one. */
  roomName(roomId: string): Promise<string | undefined>;
  /** A user's display name, if set. */
  displayName(userId: string): Promise<string | undefined>;
  /** Registers `@<localpart>` in the appservice's namespace and logs it in (new device). */
  registerGuest(localpart: string): Promise<GuestLogin>;
  setDisplayName(userId: string, name: string): Promise<void>;
  /** Knocks on the room as the guest, with a reason the host sees. */
  knock(userId: string, roomId: string, reason: string): Promise<void>;
  /** Deactivates the account: its tokens stop working and it leaves every room. */
  deactivate(userId: string): Promise<void>;
}

/** One invitation mail. */
export type InviteMail = {
  to: string;
  link: string;
  meetingName: string;
  hostName: string;
  expiresAt: Date;
};

/** Sends invitation mails. */
export interface InviteMailer {
  send(mail: InviteMail): Promise<void>;
}

/** The mail server refused or could not be reached; `message` says which. */
export class MailError extends Error {
  override name = "MailError";
}
