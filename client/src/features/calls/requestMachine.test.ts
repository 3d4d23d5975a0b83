import { describe, expect, it } from "vitest";
import {
  callDurationMs,
  foldRequest,
  isSettled,
  startRequest,
  transition,
  type RequestState,
} from "./requestMachine.ts";

const ALICE = "@alice:staffroom.local";
const BOB = "@bob:staffroom.local";
const T0 = 1_700_000_000_000;

const fresh = (): RequestState =>
  startRequest({
    requestId: "req0000001",
    requester: ALICE,
    addressee: BOB,
    share: "responder",
    requestedAt: T0,
    timeoutMs: 60_000,
  });

describe("the screen-sharing request machine", () => {
  it("runs requested → accepted → connecting → connected → ended, recording who and when", () => {
    let state = fresh();
    expect(state.phase).toBe("requested");
    state = transition(state, { type: "accept", by: BOB, at: T0 + 5_000 });
    expect(state).toMatchObject({ phase: "accepted", by: BOB, at: T0 + 5_000 });
    state = transition(state, { type: "call_connecting", at: T0 + 6_000 });
    expect(state.phase).toBe("connecting");
    state = transition(state, { type: "call_connected", at: T0 + 7_000 });
    expect(state).toMatchObject({ phase: "connected", connectedAt: T0 + 7_000 });
    state = transition(state, { type: "call_ended", by: ALICE, at: T0 + 67_000 });
    expect(state).toMatchObject({ phase: "ended", by: ALICE, endedAt: T0 + 67_000 });
    expect(callDurationMs(state)).toBe(60_000);
    expect(isSettled(state)).toBe(true);
  });

  it("lets only the addressee accept or decline, and only the requester cancel", () => {
    const state = fresh();
    expect(transition(state, { type: "accept", by: ALICE, at: T0 + 1 })).toBe(state);
    expect(transition(state, { type: "decline", by: "@eve:x", at: T0 + 1 })).toBe(state);
    expect(transition(state, { type: "cancel", by: BOB, at: T0 + 1 })).toBe(state);
    expect(transition(state, { type: "decline", by: BOB, at: T0 + 1 })).toMatchObject({
      phase: "declined",
      by: BOB,
    });
    expect(transition(state, { type: "cancel", by: ALICE, at: T0 + 1 })).toMatchObject({
      phase: "cancelled",
      by: ALICE,
    });
  });

  it("keeps the first answer: a decline after an accept changes nothing", () => {
    const accepted = transition(fresh(), { type: "accept", by: BOB, at: T0 + 1 });
    expect(transition(accepted, { type: "decline", by: BOB, at: T0 + 2 })).toBe(accepted);
    const declined = transition(fresh(), { type: "decline", by: BOB, at: T0 + 1 });
    expect(transition(declined, { type: "accept", by: BOB, at: T0 + 2 })).toBe(declined);
    expect(transition(declined, { type: "call_connected", at: T0 + 3 })).toBe(declined);
  });

  it("lets the requester call off an accepted request before the call connects", () => {
    const accepted = transition(fresh(), { type: "accept", by: BOB, at: T0 + 1 });
    expect(transition(accepted, { type: "cancel", by: ALICE, at: T0 + 2 }).phase).toBe("cancelled");
    const connected = transition(accepted, { type: "call_connected", at: T0 + 2 });
    expect(transition(connected, { type: "cancel", by: ALICE, at: T0 + 3 })).toBe(connected);
  });

  it("is missed when nobody answers before the deadline, and a late answer counts for nothing", () => {
    const state = fresh();
    expect(transition(state, { type: "timeout", at: T0 + 59_999 })).toBe(state);
    expect(transition(state, { type: "timeout", at: T0 + 60_000 }).phase).toBe("missed");
    expect(transition(state, { type: "accept", by: BOB, at: T0 + 60_000 })).toBe(state);
    expect(
      foldRequest(state, [{ action: "accept", sender: BOB, ts: T0 + 61_000 }], T0 + 62_000),
    ).toMatchObject({ phase: "missed" });
  });

  it("folds follow-up messages in timeline order as of now", () => {
    const followUps = [
      { action: "decline", sender: ALICE, ts: T0 + 1 }, // not hers to decline: ignored
      { action: "accept", sender: BOB, ts: T0 + 2 },
      { action: "decline", sender: BOB, ts: T0 + 3 },
    ] as const;
    const state = foldRequest(fresh(), followUps, T0 + 120_000);
    expect(state).toMatchObject({ phase: "accepted", by: BOB, at: T0 + 2 });
    expect(foldRequest(fresh(), [], T0 + 1_000).phase).toBe("requested");
    expect(foldRequest(fresh(), [], T0 + 60_000).phase).toBe("missed");
  });

  it("ends a call that never connected with no duration", () => {
    const accepted = transition(fresh(), { type: "accept", by: BOB, at: T0 + 1 });
    const ended = transition(accepted, { type: "call_ended", at: T0 + 10 });
    expect(ended.phase).toBe("ended");
    expect(callDurationMs(ended)).toBe(0);
    expect(transition(fresh(), { type: "call_ended", at: T0 + 10 }).phase).toBe("requested");
  });
});
