import { CallEvent, type MatrixCall, type MatrixClient } from "matrix-js-sdk";
import { CallErrorCode } from "matrix-js-sdk/lib/webrtc/call.js";
import { CallEventHandlerEvent } from "matrix-js-sdk/lib/webrtc/callEventHandler.js";
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { makeLogger } from "../lib/logger.ts";
import { readTestOptions } from "../lib/testOptions.ts";
import { UserFacingError } from "../lib/userFacingError.ts";
import { callFailureMessage } from "./callErrors.ts";
import { requestAnsweredBy } from "./callTimeline.ts";
import { inboundStats, phaseOf, shareFeeds, streamsOf, type CallPhase } from "./callMedia.ts";
import type { CallStreams } from "./callMedia.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

const log = makeLogger("calls");

/** The call in progress, as view data. */
export type CallView = CallStreams & {
  callId: string;
  roomId: string;
  /** The other person. */
  peerId: string;
  phase: CallPhase;
  micMuted: boolean;
  /** This side is sharing its screen. */
  sharing: boolean;
  /** When media started flowing (ms since epoch). */
  connectedAt?: number;
};

/** A call ringing here that nobody asked for (e.g. placed from Element). */
export type IncomingCall = { callId: string; roomId: string; peerId: string };

/** 1:1 calls of a session; see {@link createCalls}. */
export interface Calls {
  /** The browser can place and take calls (WebRTC present). */
  readonly supported: boolean;
  current: Accessor<CallView | null>;
  incoming: Accessor<IncomingCall | null>;
  /** The last call error, as a sentence (cleared by the next call or {@link clearError}). */
  error: Accessor<string | null>;
  clearError(): void;
  /**
   * Places a call that shares this screen from the start. Call it straight from the person's
   * click: the screen is captured first, while the click still counts as a gesture.
   * @param beforePlace - runs once screen and microphone are granted, before the call is placed
   *   (sending the Accept of a request)
   * @throws UserFacingError when busy, unsupported, or the screen/microphone is refused
   */
  placeSharing(roomId: string, peerId: string, beforePlace?: () => Promise<void>): Promise<void>;
  /** Places a voice call (the other side will share); same errors as {@link placeSharing}. */
  placeVoice(roomId: string, peerId: string, beforePlace?: () => Promise<void>): Promise<void>;
  /** Takes the ringing {@link incoming} call (voice; share later with {@link setSharing}). */
  answerIncoming(): Promise<void>;
  declineIncoming(): void;
  setMicMuted(muted: boolean): void;
  /** Starts or stops sharing this screen; starting must come from a click. */
  setSharing(on: boolean): Promise<void>;
  hangUp(): void;
}

/**
 * The session's 1:1 calls (matrix-js-sdk `MatrixCall`, legacy `m.call.*` VoIP, which Element Web
 * uses in two-person rooms): one call at a time, incoming calls answered automatically when
 * they answer our own screen-sharing request and offered with Accept/Decline otherwise, a second
 * call while busy turned away as busy. Removes its listeners when the owning scope is disposed.
 */
export function createCalls(session: MatrixSession): Calls {
  return createClientCalls(matrixClientOf(session));
}

/** {@link createCalls} over a bare SDK client. */
export function createClientCalls(client: MatrixClient): Calls {
  const [current, setCurrent] = createSignal<CallView | null>(null);
  const [incoming, setIncoming] = createSignal<IncomingCall | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const me = client.getSafeUserId();
  // Requests whose answering call was taken: each Accept answers one call.
  const answered = new Set<string>();
  let active: MatrixCall | undefined;
  let ringing: MatrixCall | undefined;
  // Plain copies of what refresh needs, so SDK callbacks never read signals.
  let activePeer = "";
  let connectedAt: number | undefined;

  const refresh = (call: MatrixCall, peerId: string): void => {
    if (call !== active) return;
    const phase = phaseOf(call.state);
    if (phase === "ended") {
      active = undefined;
      connectedAt = undefined;
      setCurrent(null);
      return;
    }
    if (phase === "connected") connectedAt ??= Date.now();
    activePeer = peerId;
    setCurrent({
      ...streamsOf(call),
      callId: call.callId,
      roomId: call.roomId,
      peerId,
      phase,
      micMuted: call.isMicrophoneMuted(),
      sharing: call.isScreensharing(),
      connectedAt,
    });
  };

  const watch = (call: MatrixCall, peerId: string): void => {
    // The SDK throws on calls without an error listener; errors end up in the view.
    call.on(CallEvent.Error, (callError) => {
      log.warn(`call ${call.callId} failed: ${callError.code}`, callError);
      setError(callFailureMessage(callError.code));
    });
    const update = (): void => refresh(call, peerId);
    call.on(CallEvent.State, update);
    call.on(CallEvent.FeedsChanged, update);
    call.on(CallEvent.Hangup, update);
    call.on(CallEvent.LocalHoldUnhold, update);
  };

  const begin = (roomId: string): MatrixCall => {
    if (!client.supportsVoip()) throw new UserFacingError("This browser cannot make calls.");
    if (active) throw new UserFacingError("You are already in a call. Hang up first.");
    const call = client.createCall(roomId);
    if (!call) throw new UserFacingError("This browser cannot make calls.");
    return call;
  };

  const place = async (
    roomId: string,
    peerId: string,
    beforePlace: (() => Promise<void>) | undefined,
    withScreen: boolean,
  ): Promise<void> => {
    setError(null);
    const call = begin(roomId);
    const feeds = withScreen ? await shareFeeds(client, roomId) : undefined;
    try {
      await beforePlace?.();
    } catch (cause) {
      for (const feed of feeds ?? []) feed.dispose();
      for (const feed of feeds ?? []) feed.stream.getTracks().forEach((track) => track.stop());
      throw cause;
    }
    active = call;
    watch(call, peerId);
    refresh(call, peerId);
    try {
      if (feeds) await call.placeCallWithCallFeeds(feeds);
      else await call.placeVoiceCall();
    } catch (cause) {
      // The SDK ends most failed calls itself; make sure none is left looking active.
      call.hangup(CallErrorCode.UserHangup, true);
      if (active === call) {
        active = undefined;
        setCurrent(null);
      }
      throw new UserFacingError("The call could not be started. Please try again.", { cause });
    }
  };

  const onIncoming = (call: MatrixCall): void => {
    const peerId = call.getOpponentMember()?.userId ?? "";
    call.on(CallEvent.Error, (callError) => log.warn("incoming call failed", callError));
    if (active || ringing) {
      log.info(`turning away call ${call.callId} from ${peerId}: busy`);
      call.hangup(CallErrorCode.UserBusy, false);
      return;
    }
    const events = (client.getRoom(call.roomId)?.getLiveTimeline().getEvents() ?? []).map(
      (event) => ({
        id: event.getId() ?? "",
        type: event.getType(),
        sender: event.getSender() ?? "",
        ts: event.getTs(),
        content: event.getOriginalContent(),
        redacted: event.isRedacted(),
      }),
    );
    const requestId = requestAnsweredBy(events, me, peerId, Date.now(), answered);
    if (requestId !== undefined) {
      answered.add(requestId);
      active = call;
      watch(call, peerId);
      refresh(call, peerId);
      call.answer(true, false).catch((cause: unknown) => log.warn("auto-answer failed", cause));
      return;
    }
    ringing = call;
    setIncoming({ callId: call.callId, roomId: call.roomId, peerId });
    const clear = (): void => {
      if (ringing !== call || phaseOf(call.state) === "ringing") return;
      ringing = undefined;
      setIncoming(null);
    };
    call.on(CallEvent.State, clear);
    call.on(CallEvent.Hangup, clear);
  };
  client.on(CallEventHandlerEvent.Incoming, onIncoming);

  const statsHook = readTestOptions(window.localStorage).exposeCallStats;
  if (statsHook) {
    (window as unknown as Record<string, unknown>)["__staffroomCallStats"] = () =>
      active?.peerConn ? inboundStats(active.peerConn) : Promise.resolve(null);
  }

  onCleanup(() => {
    client.off(CallEventHandlerEvent.Incoming, onIncoming);
    active?.hangup(CallErrorCode.UserHangup, false);
    if (statsHook) delete (window as unknown as Record<string, unknown>)["__staffroomCallStats"];
  });

  return {
    supported: client.supportsVoip(),
    current,
    incoming,
    error,
    clearError: () => setError(null),
    placeSharing: (roomId, peerId, beforePlace) => place(roomId, peerId, beforePlace, true),
    placeVoice: (roomId, peerId, beforePlace) => place(roomId, peerId, beforePlace, false),
    async answerIncoming() {
      const call = ringing;
      const view = incoming();
      if (!call || !view) return;
      ringing = undefined;
      setIncoming(null);
      setError(null);
      active = call;
      watch(call, view.peerId);
      refresh(call, view.peerId);
      await call.answer(true, false);
    },
    declineIncoming() {
      const call = ringing;
      ringing = undefined;
      setIncoming(null);
      if (call && phaseOf(call.state) === "ringing") call.reject();
    },
    setMicMuted(muted) {
      if (!active) return;
      void active.setMicrophoneMuted(muted).then(() => active && refresh(active, activePeer));
    },
    async setSharing(on) {
      const call = active;
      if (!call) return;
      const sharing = await call.setScreensharingEnabled(on, { audio: true });
      if (on && !sharing) throw new UserFacingError("Screen sharing did not start.");
      refresh(call, activePeer);
    },
    hangUp() {
      active?.hangup(CallErrorCode.UserHangup, false);
    },
  };
}
