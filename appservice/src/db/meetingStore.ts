import type { Knex } from "knex";
import type {
  GuestRecord,
  InviteRecord,
  MeetingRecord,
  MeetingStore,
} from "../meetings/guestPorts.ts";

// PostgreSQL returns bigint columns as strings: every time goes through these.
const ms = (value: number | string): number => Number(value);
const msOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

type MeetingRow = {
  id: string;
  room_id: string;
  host_user_id: string;
  from_room_id: string;
  name: string;
  created_at: number | string;
  ended_at: number | string | null;
};

type InviteRow = {
  id: string;
  meeting_id: string;
  email: string;
  token_hash: string;
  invited_by: string;
  created_at: number | string;
  expires_at: number | string;
  used_at: number | string | null;
};

type GuestRow = {
  user_id: string;
  meeting_id: string;
  invite_id: string;
  display_name: string;
  created_at: number | string;
  expires_at: number | string;
  deactivated_at: number | string | null;
};

const toMeeting = (row: MeetingRow): MeetingRecord => ({
  id: row.id,
  roomId: row.room_id,
  hostUserId: row.host_user_id,
  fromRoomId: row.from_room_id,
  name: row.name,
  createdAt: ms(row.created_at),
  endedAt: msOrNull(row.ended_at),
});

const toInvite = (row: InviteRow): InviteRecord => ({
  id: row.id,
  meetingId: row.meeting_id,
  email: row.email,
  tokenHash: row.token_hash,
  invitedBy: row.invited_by,
  createdAt: ms(row.created_at),
  expiresAt: ms(row.expires_at),
  usedAt: msOrNull(row.used_at),
});

const toGuest = (row: GuestRow): GuestRecord => ({
  userId: row.user_id,
  meetingId: row.meeting_id,
  inviteId: row.invite_id,
  displayName: row.display_name,
  createdAt: ms(row.created_at),
  expiresAt: ms(row.expires_at),
  deactivatedAt: msOrNull(row.deactivated_at),
});

/** The meeting tables (migration 0007) as a {@link MeetingStore}; SQLite and PostgreSQL. */
export function makeMeetingStore(db: Knex): MeetingStore {
  const meetings = () => db<MeetingRow>("meetings");
  const invites = () => db<InviteRow>("meeting_invites");
  const guests = () => db<GuestRow>("meeting_guests");
  return {
    async addMeeting(m) {
      await meetings().insert({
        id: m.id,
        room_id: m.roomId,
        host_user_id: m.hostUserId,
        from_room_id: m.fromRoomId,
        name: m.name,
        created_at: m.createdAt,
        ended_at: m.endedAt,
      });
    },

    async getMeeting(id) {
      const row = await meetings().where({ id }).first();
      return row === undefined ? undefined : toMeeting(row);
    },

    async runningMeetings(hostUserId) {
      const rows = await meetings()
        .where({ host_user_id: hostUserId })
        .whereNull("ended_at")
        .orderBy("created_at", "desc");
      return rows.map(toMeeting);
    },

    async endMeeting(id, at) {
      const updated = await meetings().where({ id }).whereNull("ended_at").update({ ended_at: at });
      return updated > 0;
    },

    async addInvite(i) {
      await invites().insert({
        id: i.id,
        meeting_id: i.meetingId,
        email: i.email,
        token_hash: i.tokenHash,
        invited_by: i.invitedBy,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
        used_at: i.usedAt,
      });
    },

    async deleteInvite(id) {
      await invites().where({ id }).delete();
    },

    async claimInvite(tokenHash, now) {
      // One UPDATE decides the winner on both databases: a second redeem finds used_at set.
      const updated = await invites()
        .where({ token_hash: tokenHash })
        .whereNull("used_at")
        .where("expires_at", ">", now)
        .whereIn("meeting_id", (q) => void q.select("id").from("meetings").whereNull("ended_at"))
        .update({ used_at: now });
      if (updated === 0) return undefined;
      const row = await invites().where({ token_hash: tokenHash }).first();
      return row === undefined ? undefined : toInvite(row);
    },

    async releaseInvite(id) {
      await invites().where({ id }).update({ used_at: null });
    },

    async inviteState(tokenHash) {
      const row = (await db("meeting_invites as i")
        .join("meetings as m", "m.id", "i.meeting_id")
        .where("i.token_hash", tokenHash)
        .first("i.expires_at", "i.used_at", "m.ended_at")) as
        (Pick<InviteRow, "expires_at" | "used_at"> & Pick<MeetingRow, "ended_at">) | undefined;
      if (row === undefined) return undefined;
      return {
        expiresAt: ms(row.expires_at),
        usedAt: msOrNull(row.used_at),
        meetingEndedAt: msOrNull(row.ended_at),
      };
    },

    async addGuest(g) {
      await guests().insert({
        user_id: g.userId,
        meeting_id: g.meetingId,
        invite_id: g.inviteId,
        display_name: g.displayName,
        created_at: g.createdAt,
        expires_at: g.expiresAt,
        deactivated_at: g.deactivatedAt,
      });
    },

    async guestsDue(now) {
      const rows = (await db("meeting_guests as g")
        .join("meetings as m", "m.id", "g.meeting_id")
        .whereNull("g.deactivated_at")
        .where((q) => void q.where("g.expires_at", "<=", now).orWhereNotNull("m.ended_at"))
        .orderBy("g.expires_at")
        .select("g.*")) as GuestRow[];
      return rows.map(toGuest);
    },

    async getGuest(userId) {
      const row = await guests().where({ user_id: userId }).first();
      return row === undefined ? undefined : toGuest(row);
    },

    async liveGuests(meetingId) {
      const rows = await guests().where({ meeting_id: meetingId }).whereNull("deactivated_at");
      return rows.map(toGuest);
    },

    async audit({ actor, action, target, details }) {
      await db("audit_log").insert({
        actor,
        action,
        target,
        details: details === undefined ? null : JSON.stringify(details),
      });
    },

    async markDeactivated(userId, at) {
      await guests().where({ user_id: userId }).update({ deactivated_at: at });
    },
  };
}
