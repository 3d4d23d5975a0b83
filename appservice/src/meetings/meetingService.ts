/**
 * Meetings with email-invited guests. A host starts a meeting from a chat they are in; the bot
 * creates a dedicated knock-only room for it. The host invites an address: a single-use link
 * goes out by mail (only its hash is stored). The guest redeems it with a name: the appservice
 * mints `@guest_…` in its own namespace, which knocks on the room, and the host admits (invite)
 * or denies (kick) from a Matrix client. Guests are deactivated when the meeting ends or at the
 * invite's expiry (the sweep).
 */
import { randomUUID } from "node:crypto";
import { ApiError } from "../api/apiError.ts";
import type { Meeting, MeetingInviteResponse, RedeemResponse } from "../api/contract.ts";
import { makeLogger } from "../observability/logger.ts";
import {
  guestDisplayName,
  hashInviteToken,
  inviteLink,
  isWellFormedToken,
  newGuestLocalpart,
  newInviteToken,
  redeemability,
  REFUSAL_MESSAGES,
} from "./guestInvites.ts";
import {
  MailError,
  type InviteMailer,
  type MeetingRecord,
  type MeetingRoomGateway,
  type MeetingStore,
} from "./guestPorts.ts";

const log = makeLogger("Meetings");

/** What the service needs. */
export type MeetingServiceDeps = {
  store: MeetingStore;
  gateway: MeetingRoomGateway;
  /** The mailer, or the config key that is missing (named in the 503). */
  mail: { mailer: InviteMailer; publicUrl: string } | { missing: string };
  /** Invitation lifetime in ms. */
  inviteTtlMs: number;
  now?: () => number;
};

/** The service. Methods throw ApiError for the caller's mistakes. */
export type MeetingService = ReturnType<typeof makeMeetingService>;

const iso = (ms: number) => new Date(ms).toISOString();

const toMeeting = (m: MeetingRecord): Meeting => ({
  meeting_id: m.id,
  room_id: m.roomId,
  name: m.name,
  host_user_id: m.hostUserId,
  from_room_id: m.fromRoomId,
  ended_at: m.endedAt === null ? null : iso(m.endedAt),
});

/** Builds the service. */
export function makeMeetingService(deps: MeetingServiceDeps) {
  const { store, gateway } = deps;
  const now = deps.now ?? Date.now;

  async function hostedMeeting(hostUserId: string, meetingId: string): Promise<MeetingRecord> {
    const meeting = await store.getMeeting(meetingId);
    if (meeting === undefined) throw new ApiError("M_NOT_FOUND", "No such meeting");
    if (meeting.hostUserId !== hostUserId) {
      throw new ApiError("M_FORBIDDEN", "Only the meeting's host can do this");
    }
    return meeting;
  }

  async function deactivateGuest(userId: string): Promise<boolean> {
    try {
      await gateway.deactivate(userId);
      await store.markDeactivated(userId, now());
      await store.audit({ actor: "staffroom", action: "guest.deactivate", target: userId });
      return true;
    } catch (error) {
      log.warn("could not deactivate a guest; the next sweep retries", { user: userId, error });
      return false;
    }
  }

  return {
    /** Starts a meeting from a chat the host is joined to; returns its new room. */
    async create(hostUserId: string, fromRoomId: string): Promise<Meeting> {
      if (!(await gateway.isJoined(fromRoomId, hostUserId))) {
        throw new ApiError("M_FORBIDDEN", "You can only start a meeting from a chat you are in");
      }
      const chatName = await gateway.roomName(fromRoomId);
      const hostName = (await gateway.displayName(hostUserId)) ?? hostUserId;
      const name = `Meeting: ${chatName ?? hostName}`;
      const id = randomUUID();
      const roomId = await gateway.createMeetingRoom({ name, hostUserId, meetingId: id });
      const meeting: MeetingRecord = {
        id,
        roomId,
        hostUserId,
        fromRoomId,
        name,
        createdAt: now(),
        endedAt: null,
      };
      await store.addMeeting(meeting);
      await store.audit({
        actor: hostUserId,
        action: "meeting.start",
        target: id,
        details: { room_id: roomId, from_room_id: fromRoomId },
      });
      log.info("meeting started", { meeting: id, room: roomId, host: hostUserId });
      return toMeeting(meeting);
    },

    /** The host's running meetings, newest first. */
    async running(hostUserId: string): Promise<Meeting[]> {
      return (await store.runningMeetings(hostUserId)).map(toMeeting);
    },

    /** The meeting, for its host. */
    async get(hostUserId: string, meetingId: string): Promise<Meeting> {
      return toMeeting(await hostedMeeting(hostUserId, meetingId));
    },

    /** Mails a single-use link to `email`; nothing is stored unless the mail went out. */
    async invite(
      hostUserId: string,
      meetingId: string,
      email: string,
    ): Promise<MeetingInviteResponse> {
      if ("missing" in deps.mail) {
        throw new ApiError(
          "STAFFROOM_MAIL_UNCONFIGURED",
          `Guest invitations are not set up on this server: ${deps.mail.missing} is missing from the appservice config`,
        );
      }
      const meeting = await hostedMeeting(hostUserId, meetingId);
      if (meeting.endedAt !== null) {
        throw new ApiError("STAFFROOM_MEETING_ENDED", "This meeting has ended");
      }
      const { token, hash } = newInviteToken();
      const createdAt = now();
      const invite = {
        id: randomUUID(),
        meetingId,
        email,
        tokenHash: hash,
        invitedBy: hostUserId,
        createdAt,
        expiresAt: createdAt + deps.inviteTtlMs,
        usedAt: null,
      };
      // Stored first so a link never arrives before it works; removed again if the mail fails.
      await store.addInvite(invite);
      try {
        await deps.mail.mailer.send({
          to: email,
          link: inviteLink(deps.mail.publicUrl, token),
          meetingName: meeting.name,
          hostName: (await gateway.displayName(hostUserId)) ?? hostUserId,
          expiresAt: new Date(invite.expiresAt),
        });
      } catch (error) {
        await store.deleteInvite(invite.id);
        if (error instanceof MailError) {
          log.warn("invitation mail failed", { meeting: meetingId, error: error.message });
          throw new ApiError(
            "STAFFROOM_MAIL_FAILED",
            `The invitation was not sent: ${error.message}`,
          );
        }
        throw error;
      }
      log.info("guest invited", { meeting: meetingId, invite: invite.id });
      await store.audit({
        actor: hostUserId,
        action: "meeting.invite",
        target: meetingId,
        details: { invite_id: invite.id, email, expires_at: iso(invite.expiresAt) },
      });
      return { invite_id: invite.id, expires_at: iso(invite.expiresAt) };
    },

    /** Redeems a link: a fresh guest account that knocks on the meeting room. */
    async redeem(token: string, displayName: string): Promise<RedeemResponse> {
      // No mail needed here: links already sent keep working if SMTP is taken out later.
      const hash = isWellFormedToken(token) ? hashInviteToken(token) : undefined;
      const at = now();
      const invite = hash === undefined ? undefined : await store.claimInvite(hash, at);
      if (invite === undefined) {
        const state = hash === undefined ? undefined : await store.inviteState(hash);
        const refusal = redeemability(state, at);
        // "ok" here means another redeem is winning right now: to this caller it is used.
        const reason = refusal === "ok" ? "used" : refusal;
        throw refusalError(reason);
      }
      const meeting = await store.getMeeting(invite.meetingId);
      if (meeting === undefined) throw new Error(`invite ${invite.id} has no meeting`);
      let userId: string | undefined;
      try {
        const login = await gateway.registerGuest(newGuestLocalpart());
        userId = login.userId;
        const name = guestDisplayName(displayName);
        await gateway.setDisplayName(login.userId, name);
        await store.addGuest({
          userId: login.userId,
          meetingId: meeting.id,
          inviteId: invite.id,
          displayName: name,
          createdAt: at,
          expiresAt: invite.expiresAt,
          deactivatedAt: null,
        });
        await gateway.knock(login.userId, meeting.roomId, `Invited by email as ${invite.email}`);
        log.info("guest knocking", { meeting: meeting.id, user: login.userId });
        await store.audit({
          actor: login.userId,
          action: "meeting.redeem",
          target: meeting.id,
          details: { invite_id: invite.id, display_name: name },
        });
        return {
          user_id: login.userId,
          access_token: login.accessToken,
          device_id: login.deviceId,
          room_id: meeting.roomId,
          meeting_name: meeting.name,
          homeserver_url: "publicUrl" in deps.mail ? deps.mail.publicUrl : "",
          expires_at: iso(invite.expiresAt),
        };
      } catch (error) {
        // No half-made guest is left behind, and the link works again.
        if (userId !== undefined) await deactivateGuest(userId);
        await store.releaseInvite(invite.id);
        throw error;
      }
    },

    /** Ends the meeting: every guest of it is deactivated now. */
    async end(hostUserId: string, meetingId: string) {
      const meeting = await hostedMeeting(hostUserId, meetingId);
      const endedAt = meeting.endedAt ?? now();
      if (meeting.endedAt === null && (await store.endMeeting(meetingId, endedAt))) {
        await store.audit({ actor: hostUserId, action: "meeting.end", target: meetingId });
      }
      let deactivated = 0;
      for (const guest of await store.liveGuests(meetingId)) {
        if (await deactivateGuest(guest.userId)) deactivated++;
      }
      log.info("meeting ended", { meeting: meetingId, guests: deactivated });
      return { meeting_id: meetingId, ended_at: iso(endedAt), guests_deactivated: deactivated };
    },

    /** A guest left its meeting room (denied, removed, gone): deactivated if still live. */
    async guestLeft(userId: string): Promise<boolean> {
      const guest = await store.getGuest(userId);
      if (guest === undefined || guest.deactivatedAt !== null) return false;
      return deactivateGuest(userId);
    },

    /** Deactivates every guest whose invite expired or whose meeting ended; returns how many. */
    async sweep(): Promise<number> {
      let deactivated = 0;
      for (const guest of await store.guestsDue(now())) {
        if (await deactivateGuest(guest.userId)) deactivated++;
      }
      if (deactivated > 0) log.info("expired guests deactivated", { guests: deactivated });
      return deactivated;
    },
  };
}

function refusalError(reason: keyof typeof REFUSAL_MESSAGES): ApiError {
  const message = REFUSAL_MESSAGES[reason];
  switch (reason) {
    case "unknown":
      return new ApiError("M_NOT_FOUND", message);
    case "used":
      return new ApiError("STAFFROOM_INVITE_USED", message);
    case "expired":
      return new ApiError("STAFFROOM_INVITE_EXPIRED", message);
    case "ended":
      return new ApiError("STAFFROOM_MEETING_ENDED", message);
  }
}
