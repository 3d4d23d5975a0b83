/**
 * A group meeting in one room: the MatrixRTC session (`matrix/groupCallSession.ts`) plus the
 * LiveKit connection that carries the media. livekit-client is loaded on the first join, so
 * chats that never start a meeting don't download it.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { Room } from "livekit-client";
import { makeLogger } from "../../lib/logger.ts";
import { UserFacingError } from "../../lib/userFacingError.ts";
import { createGroupCallSession } from "../../matrix/groupCallSession.ts";
import type { MatrixSession } from "../../matrix/session.ts";

const log = makeLogger("meetings");

/** Where the person is in the meeting. */
export type CallStatus = "idle" | "joining" | "joined";

/** A screen someone else shares; `attach` shows it in a video element. */
export type SharedScreen = {
  /** LiveKit track SID: stable while the share lasts. */
  id: string;
  /** The sharer's display name (LiveKit participant name or identity). */
  from: string;
  attach(video: HTMLVideoElement): void;
  detach(video: HTMLVideoElement): void;
};

/** The meeting's state and actions, for the panel. */
export type GroupCall = {
  status: Accessor<CallStatus>;
  /** Matrix user IDs in the call (anyone's client, Element Call included). */
  members: Accessor<string[]>;
  sharing: Accessor<boolean>;
  screens: Accessor<SharedScreen[]>;
  join(): Promise<void>;
  leave(): Promise<void>;
  /** Starts or stops sharing this person's screen; must run from a click (browsers insist). */
  toggleSharing(): Promise<void>;
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
  const [status, setStatus] = createSignal<CallStatus>("idle");
  const [sharing, setSharing] = createSignal(false);
  const [screens, setScreens] = createSignal<SharedScreen[]>([]);
  let room: Room | undefined;

  async function connect(url: string, jwt: string): Promise<Room> {
    const { Room, RoomEvent, Track } = await import("livekit-client");
    const next = new Room({ adaptiveStream: true, dynacast: true });
    next.on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
      if (track.source !== Track.Source.ScreenShare) return;
      const screen: SharedScreen = {
        id: publication.trackSid,
        from: participant.name || userOfIdentity(participant.identity),
        attach: (video) => void track.attach(video),
        detach: (video) => void track.detach(video),
      };
      setScreens((list) => [...list.filter((s) => s.id !== screen.id), screen]);
    });
    next.on(RoomEvent.TrackUnsubscribed, (_track, publication) => {
      setScreens((list) => list.filter((s) => s.id !== publication.trackSid));
    });
    next.on(RoomEvent.Disconnected, () => {
      if (room !== next) return;
      room = undefined;
      setScreens([]);
      setSharing(false);
      setStatus("idle");
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

  async function leave(): Promise<void> {
    const current = room;
    room = undefined;
    setScreens([]);
    setSharing(false);
    await current?.disconnect();
    await matrix.leave();
    setStatus("idle");
  }

  onCleanup(() => void leave());

  return {
    status,
    members: matrix.members,
    sharing,
    screens,
    async join() {
      if (status() !== "idle") return;
      setStatus("joining");
      try {
        const credentials = await matrix.join();
        room = await connect(credentials.url, credentials.jwt);
        setStatus("joined");
        log.info("connected to the meeting", { room: roomId });
      } catch (error) {
        await matrix.leave().catch(() => undefined);
        setStatus("idle");
        throw error;
      }
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
  };
}
