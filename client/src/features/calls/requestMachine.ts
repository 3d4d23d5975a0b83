import type { ShareSide } from "../../lib/screenshareEvents.ts";

/**
 * The life of one screen-sharing request, as a pure state machine: the timeline folds the
 * request's follow-up messages through it, and the call bar feeds it the call's progress.
 *
 *   requested ──accept──▶ accepted ──▶ connecting ──▶ connected ──▶ ended
 *       │ └──decline──▶ declined        (a call that ends before connecting is "ended" too)
 *       ├──cancel (requester)──▶ cancelled
 *       └──no answer in time──▶ missed
 *
 * Only the addressee may accept or decline, only the requester may cancel, and an answer that
 * arrives after the deadline counts for nothing (the request was missed). Anything else is
 * ignored: {@link transition} returns the state it was given.
 */

/** Where a request stands. */
export type RequestPhase =
  | "requested"
  | "accepted"
  | "connecting"
  | "connected"
  | "ended"
  | "declined"
  | "cancelled"
  | "missed";

/** A request and who did what to it. */
export type RequestState = {
  requestId: string;
  requester: string;
  addressee: string;
  share: ShareSide;
  /** Server time of the request (ms since epoch). */
  requestedAt: number;
  timeoutMs: number;
  phase: RequestPhase;
  /** Who moved it into `phase` (absent for `requested` and `missed`). */
  by?: string;
  /** When it entered `phase`. */
  at: number;
  connectedAt?: number;
  endedAt?: number;
};

/** Something that happened to a request. */
export type RequestInput =
  | { type: "accept" | "decline" | "cancel"; by: string; at: number }
  | { type: "timeout"; at: number }
  | { type: "call_connecting"; at: number }
  | { type: "call_connected"; at: number }
  | { type: "call_ended"; by?: string; at: number };

/** The state of a request just sent. */
export function startRequest(request: {
  requestId: string;
  requester: string;
  addressee: string;
  share: ShareSide;
  requestedAt: number;
  timeoutMs: number;
}): RequestState {
  return { ...request, phase: "requested", at: request.requestedAt };
}

/** When an unanswered request becomes missed. */
export const deadlineOf = (state: RequestState): number => state.requestedAt + state.timeoutMs;

/**
 * Applies one input.
 * @returns the next state, or `state` itself when the input does not apply
 */
export function transition(state: RequestState, input: RequestInput): RequestState {
  const move = (phase: RequestPhase, extra: Partial<RequestState> = {}): RequestState => ({
    ...state,
    phase,
    at: input.at,
    by: undefined,
    ...extra,
  });
  switch (input.type) {
    case "accept":
    case "decline":
      if (state.phase !== "requested" || input.by !== state.addressee) return state;
      if (input.at >= deadlineOf(state)) return state;
      return move(input.type === "accept" ? "accepted" : "declined", { by: input.by });
    case "cancel":
      if (state.phase !== "requested" && state.phase !== "accepted") return state;
      if (input.by !== state.requester) return state;
      return move("cancelled", { by: input.by });
    case "timeout":
      return state.phase === "requested" && input.at >= deadlineOf(state) ? move("missed") : state;
    case "call_connecting":
      return state.phase === "accepted" ? move("connecting") : state;
    case "call_connected":
      return state.phase === "accepted" || state.phase === "connecting"
        ? move("connected", { connectedAt: input.at })
        : state;
    case "call_ended":
      return state.phase === "accepted" ||
        state.phase === "connecting" ||
        state.phase === "connected"
        ? move("ended", { by: input.by, endedAt: input.at })
        : state;
  }
}

/** A follow-up message as the timeline read it. */
export type FollowUp = { action: "accept" | "decline" | "cancel"; sender: string; ts: number };

/**
 * A request's state from its follow-up messages (in timeline order), as of `now`.
 * @param now - the current time; an unanswered request past its deadline is missed
 */
export function foldRequest(
  initial: RequestState,
  followUps: readonly FollowUp[],
  now: number,
): RequestState {
  let state = initial;
  for (const followUp of followUps) {
    state = transition(state, { type: followUp.action, by: followUp.sender, at: followUp.ts });
  }
  return transition(state, { type: "timeout", at: now });
}

/** Whether nothing more can happen to the request. */
export const isSettled = (state: RequestState): boolean =>
  state.phase === "ended" ||
  state.phase === "declined" ||
  state.phase === "cancelled" ||
  state.phase === "missed";

/** How long the call was connected, in ms (0 when it never connected). */
export const callDurationMs = (state: RequestState): number =>
  state.connectedAt !== undefined && state.endedAt !== undefined
    ? Math.max(0, state.endedAt - state.connectedAt)
    : 0;
