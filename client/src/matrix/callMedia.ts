import type { MatrixCall, MatrixClient } from "matrix-js-sdk";
import { CallFeed } from "matrix-js-sdk/lib/webrtc/callFeed.js";
import { SDPStreamMetadataPurpose } from "matrix-js-sdk/lib/webrtc/callEventTypes.js";
import { UserFacingError } from "../lib/userFacingError.ts";

/**
 * Media for 1:1 calls (matrix-js-sdk `MatrixCall`): the feeds a screen-sharing call starts with,
 * the call states the view knows, and the inbound counters tests read.
 */

/** A call's progress as the view shows it. */
export type CallPhase = "ringing" | "connecting" | "connected" | "ended";

/** Maps the SDK's call states (fledgling, invite_sent, …) onto {@link CallPhase}. */
export function phaseOf(sdkState: string): CallPhase {
  if (sdkState === "ringing") return "ringing";
  if (sdkState === "connected") return "connected";
  if (sdkState === "ended") return "ended";
  return "connecting";
}

const feed = (client: MatrixClient, roomId: string, stream: MediaStream, purpose: string) =>
  new CallFeed({
    client,
    roomId,
    userId: client.getSafeUserId(),
    deviceId: client.getDeviceId() ?? undefined,
    stream,
    purpose: purpose as SDPStreamMetadataPurpose,
    audioMuted: false,
    videoMuted: false,
  });

/**
 * The feeds of a call that shares the screen from its first offer: the microphone and the
 * screen. The screen is asked for first, so `getDisplayMedia` runs while the click that started
 * this still counts as a user gesture (browsers refuse screen capture without one). The call
 * is then placed with both feeds (`placeCallWithCallFeeds`) rather than as a voice call plus
 * `setScreensharingEnabled`: before the answer the SDK cannot know the peer takes a second
 * stream and would swap the screen into a camera track a voice call does not have.
 * @throws UserFacingError when the screen or the microphone cannot be used
 */
export async function shareFeeds(client: MatrixClient, roomId: string): Promise<CallFeed[]> {
  const media = client.getMediaHandler();
  let screen: MediaStream;
  try {
    screen = await media.getScreensharingStream({ audio: true });
  } catch (error) {
    throw new UserFacingError(
      "Screen sharing did not start: the browser refused or you cancelled choosing a screen.",
      { cause: error },
    );
  }
  let mic: MediaStream;
  try {
    mic = await media.getUserMediaStream(true, false);
  } catch (error) {
    media.stopScreensharingStream(screen);
    throw new UserFacingError(
      "The microphone could not be used. Allow microphone access for this site and try again.",
      { cause: error },
    );
  }
  return [
    feed(client, roomId, mic, SDPStreamMetadataPurpose.Usermedia),
    feed(client, roomId, screen, SDPStreamMetadataPurpose.Screenshare),
  ];
}

/** The streams the view plays: the remote video, the remote voice, the own screen. */
export type CallStreams = {
  /** The other side's screen, or their camera when they send no screen (a video call). */
  remoteScreen: MediaStream | null;
  /** What {@link remoteScreen} shows. */
  remoteVideoKind: "screen" | "camera";
  remoteVoice: MediaStream | null;
  localScreen: MediaStream | null;
};

/**
 * Reads a call's current streams. A peer that sends no stream metadata (older clients) puts its
 * screen into its camera stream: that shows as "camera".
 */
export function streamsOf(call: MatrixCall): CallStreams {
  const voice = call.remoteUsermediaFeed?.stream ?? null;
  const screen = call.remoteScreensharingFeed?.stream ?? null;
  const camera = voice && voice.getVideoTracks().length > 0 ? voice : null;
  return {
    remoteScreen: screen ?? camera,
    remoteVideoKind: screen ? "screen" : "camera",
    remoteVoice: voice,
    localScreen: call.localScreensharingFeed?.stream ?? null,
  };
}

/** Inbound media counters of a peer connection (what the end-to-end tests watch rise). */
export type InboundStats = {
  connection: string;
  framesDecoded: number;
  audioEnergy: number;
  /** The local candidate type of the pair in use ("host", "srflx", "relay"), when known. */
  candidateType: string | null;
};

/** Sums the inbound-rtp counters of a peer connection. */
export async function inboundStats(pc: RTCPeerConnection): Promise<InboundStats> {
  const stats: InboundStats = {
    connection: pc.connectionState,
    framesDecoded: 0,
    audioEnergy: 0,
    candidateType: null,
  };
  const reports = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((report: Record<string, unknown>) => {
    reports.set(String(report["id"]), report);
    if (report["type"] !== "inbound-rtp") return;
    if (report["kind"] === "video") stats.framesDecoded += Number(report["framesDecoded"] ?? 0);
    if (report["kind"] === "audio") stats.audioEnergy += Number(report["totalAudioEnergy"] ?? 0);
  });
  // The transport names the candidate pair in use; its local candidate says how we connect.
  for (const report of reports.values()) {
    if (report["type"] !== "transport") continue;
    const pair = reports.get(String(report["selectedCandidatePairId"]));
    const local = pair && reports.get(String(pair["localCandidateId"]));
    if (local) stats.candidateType = String(local["candidateType"]);
  }
  return stats;
}
