/**
 * The LiveKit side of a meeting's media: what others send (shared screens, voices) as reactive
 * lists, and the media counters the end-to-end tests and the SFU benchmark read.
 */
import { createSignal, type Accessor } from "solid-js";
import type * as LivekitModule from "livekit-client";
import type { RemoteTrack, Room } from "livekit-client";

/** Something another person sends; `attach` plays it in a media element. */
export type RemoteMedia = {
  /** LiveKit track SID: stable while the track is published. */
  id: string;
  /** The sender's display name. */
  from: string;
  attach(element: HTMLMediaElement): void;
  detach(element: HTMLMediaElement): void;
};

/** The remote media of a connected room, live. */
export type MeetingMedia = {
  screens: Accessor<RemoteMedia[]>;
  voices: Accessor<RemoteMedia[]>;
  /** Forget everything (the room is gone). */
  clear(): void;
};

/**
 * Follows the tracks others publish in `room`: screens (video from a shared screen) and voices
 * (microphones and the sound of shared screens).
 * @param livekit - the loaded livekit-client module (enums)
 * @param room - a room not connected yet
 * @param nameOf - display name of a LiveKit participant identity
 */
export function followMedia(
  livekit: typeof LivekitModule,
  room: Room,
  nameOf: (identity: string) => string,
): MeetingMedia {
  const { RoomEvent, Track } = livekit;
  const [screens, setScreens] = createSignal<RemoteMedia[]>([]);
  const [voices, setVoices] = createSignal<RemoteMedia[]>([]);
  const media = (track: RemoteTrack, id: string, identity: string): RemoteMedia => ({
    id,
    from: nameOf(identity),
    attach: (element) => void track.attach(element),
    detach: (element) => void track.detach(element),
  });
  room.on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
    const item = media(track, publication.trackSid, participant.identity);
    const others = (list: RemoteMedia[]) => list.filter((m) => m.id !== item.id);
    if (track.kind === Track.Kind.Audio) setVoices((list) => [...others(list), item]);
    else if (track.source === Track.Source.ScreenShare)
      setScreens((list) => [...others(list), item]);
  });
  room.on(RoomEvent.TrackUnsubscribed, (_track, publication) => {
    const others = (list: RemoteMedia[]) => list.filter((m) => m.id !== publication.trackSid);
    setScreens(others);
    setVoices(others);
  });
  return {
    screens,
    voices,
    clear() {
      setScreens([]);
      setVoices([]);
    },
  };
}

/** Media counters of a meeting (what the tests and the benchmark watch). */
export type MeetingStats = {
  /** Remote participants connected to the LiveKit room. */
  participants: number;
  /** Remote shared-screen tracks subscribed. */
  screensSubscribed: number;
  /** Frames decoded from remote shared screens. */
  screenFramesDecoded: number;
  /** Total audio energy received (all remote audio). */
  audioEnergy: number;
  /** Bytes this person has sent: video (shared screen) and audio. */
  videoBytesSent: number;
  audioBytesSent: number;
};

/**
 * Sums the inbound and outbound RTP counters of every track in `room`.
 * @param livekit - the loaded livekit-client module (enums)
 * @param room - a connected room
 */
export async function meetingStats(
  livekit: typeof LivekitModule,
  room: Room,
): Promise<MeetingStats> {
  const { Track } = livekit;
  const stats: MeetingStats = {
    participants: room.remoteParticipants.size,
    screensSubscribed: 0,
    screenFramesDecoded: 0,
    audioEnergy: 0,
    videoBytesSent: 0,
    audioBytesSent: 0,
  };
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      const track = publication.track;
      if (!track) continue;
      const screen = track.source === Track.Source.ScreenShare;
      if (screen) stats.screensSubscribed += 1;
      (await track.getRTCStatsReport())?.forEach((report: Record<string, unknown>) => {
        if (report["type"] !== "inbound-rtp") return;
        if (report["kind"] === "video" && screen)
          stats.screenFramesDecoded += Number(report["framesDecoded"] ?? 0);
        if (report["kind"] === "audio")
          stats.audioEnergy += Number(report["totalAudioEnergy"] ?? 0);
      });
    }
  }
  for (const publication of room.localParticipant.trackPublications.values()) {
    (await publication.track?.getRTCStatsReport())?.forEach((report: Record<string, unknown>) => {
      if (report["type"] !== "outbound-rtp") return;
      const bytes = Number(report["bytesSent"] ?? 0);
      if (report["kind"] === "video") stats.videoBytesSent += bytes;
      if (report["kind"] === "audio") stats.audioBytesSent += bytes;
    });
  }
  return stats;
}
