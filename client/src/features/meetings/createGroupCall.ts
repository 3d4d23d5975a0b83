/**
 * A group meeting in one room: the MatrixRTC session (`matrix/groupCallSession.ts`) plus the
 * LiveKit connection that carries the media. livekit-client is loaded on the first join, so
 * chats that never start a meeting don't download it.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from "solid-js";
import type * as LivekitModule from "livekit-client";
import type { Room } from "livekit-client";
import { makeLogger } from "../../lib/logger.ts";
import { readTestOptions } from "../../lib/testOptions.ts";
import { UserFacingError } from "../../lib/userFacingError.ts";
import { memberNameOf } from "../../matrix/createCallPeer.ts";
import { createGroupCallSession } from "../../matrix/groupCallSession.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { followMedia, meetingStats, type MeetingMedia, type RemoteMedia } from "./meetingMedia.ts";

const log = makeLogger("meetings");

/** Where the person is in the meeting. */
export type CallStatus = "idle" | "joining" | "joined";

/** A screen someone else shares. */
export type SharedScreen = RemoteMedia;

/** Someone in the call. */
export type CallMember = { userId: string; name: string };

/** The meeting's state and actions, for the panel. */
export type GroupCall = {
  status: Accessor<CallStatus>;
  /** People in the call (anyone's client, Element Call included), by display name. */
  members: Accessor<CallMember[]>;
  sharing: Accessor<boolean>;
  /** True while this person's microphone is muted (or could not be opened). */
  micMuted: Accessor<boolean>;
  /** True while the microphone is being opened, muted or unmuted. */
  micBusy: Accessor<boolean>;
  /** Something the person should know that did not stop the call (e.g. no microphone). */
  notice: Accessor<string | null>;
  screens: Accessor<SharedScreen[]>;
  /** Others' microphones and screen sound, to play. */
  voices: Accessor<RemoteMedia[]>;
  join(): Promise<void>;
  leave(): Promise<void>;
  /** Starts or stops sharing this person's screen; must run from a click (browsers insist). */
  toggleSharing(): Promise<void>;
  /** Mutes or unmutes this person's microphone (opening it if joining could not). */
  toggleMicrophone(): Promise<void>;
};

/**
 * The Matrix user behind a LiveKit identity from `/sfu/get` (`@alice:example.org:DEVICE`).
 * @param identity - a LiveKit participant identity
 * @returns the user ID, or the identity itself when it has another shape
 */
export function userOfIdentity(identity: string): string {
  const last = identity.lastIndexOf(":");
  return identity.startsWith("@") && last > identity.indexOf(":")
    ? identity.slice(0, last)
    : identity;
}

/**
 * Creates the meeting of `roomId`. Leaving the owning scope leaves the call.
 * @param session - the signed-in session
 * @param roomId - a department, All Staff or direct room the person is in
 */
export function createGroupCall(session: MatrixSession, roomId: string): GroupCall {
  const matrix = createGroupCallSession(session, roomId);
  const nameOf = (userId: string) => memberNameOf(session, roomId, userId);
  const members = createMemo(() =>
    matrix.members().map((userId) => ({ userId, name: nameOf(userId) })),
  );
  const [status, setStatus] = createSignal<CallStatus>("idle");
  const [sharing, setSharing] = createSignal(false);
  const [micMuted, setMicMuted] = createSignal(true);
  const [micBusy, setMicBusy] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [media, setMedia] = createSignal<MeetingMedia | undefined>();
  let room: Room | undefined;
  let livekit: typeof LivekitModule | undefined;

  async function connect(url: string, jwt: string): Promise<Room> {
    livekit ??= await import("livekit-client");
    const next = new livekit.Room({ adaptiveStream: true, dynacast: true });
    setMedia(followMedia(livekit, next, (identity) => nameOf(userOfIdentity(identity))));
    next.on(livekit.RoomEvent.Disconnected, () => {
      if (room !== next) return;
      room = undefined;
      reset();
      void matrix.leave();
    });
    try {
      await next.connect(url, jwt);
    } catch (error) {
      throw new UserFacingError("Could not connect to the meeting's media server.", {
        cause: error,
      });
    }
    return next;
  }

  function reset(): void {
    media()?.clear();
    setMedia(undefined);
    setSharing(false);
    setMicMuted(true);
    setNotice(null);
    setStatus("idle");
  }

  /** Opens or closes the microphone; a refused or missing one becomes a notice, not an error. */
  async function setMicrophone(current: Room, on: boolean): Promise<void> {
    if (micBusy()) return;
    setMicBusy(true);
    try {
      await current.localParticipant.setMicrophoneEnabled(on);
      setMicMuted(!on);
      setNotice(null);
    } catch (error) {
      log.warn("microphone unavailable", error);
      setMicMuted(true);
      setNotice(
        "Your microphone could not be used (not allowed or not found), so others can't hear you. " +
          "You can still watch and share your screen.",
      );
    } finally {
      setMicBusy(false);
    }
  }

  async function leave(): Promise<void> {
    const current = room;
    room = undefined;
    await current?.disconnect();
    await matrix.leave();
    reset();
  }

  if (readTestOptions(window.localStorage).exposeCallStats) {
    const hook = "__staffroomGroupCallStats";
    const globals = window as unknown as Record<string, unknown>;
    globals[hook] = () => (room && livekit ? meetingStats(livekit, room) : Promise.resolve(null));
    onCleanup(() => delete globals[hook]);
  }

  onCleanup(() => void leave());

  return {
    status,
    members,
    sharing,
    micMuted,
    micBusy,
    notice,
    screens: () => media()?.screens() ?? [],
    voices: () => media()?.voices() ?? [],
    async join() {
      if (status() !== "idle") return;
      setStatus("joining");
      let joined: Room;
      try {
        const credentials = await matrix.join();
        joined = room = await connect(credentials.url, credentials.jwt);
        setStatus("joined");
        log.info("connected to the meeting", { room: roomId });
      } catch (error) {
        await matrix.leave().catch(() => undefined);
        reset();
        throw error;
      }
      await joined.startAudio().catch((error: unknown) => log.warn("audio blocked", error));
      await setMicrophone(joined, true);
    },
    leave,
    async toggleSharing() {
      if (!room) return;
      const want = !sharing();
      try {
        await room.localParticipant.setScreenShareEnabled(want, { audio: true });
      } catch (error) {
        throw new UserFacingError(
          want ? "Screen sharing was cancelled or is not allowed." : "Could not stop sharing.",
          { cause: error },
        );
      }
      setSharing(want);
    },
    async toggleMicrophone() {
      if (room) await setMicrophone(room, micMuted());
    },
  };
}
