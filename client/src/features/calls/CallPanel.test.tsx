import { fireEvent, render } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import type { Calls, CallView, IncomingCall } from "../../matrix/createCalls.ts";
import { CallPanel } from "./CallPanel.tsx";
import { callFailureMessage } from "../../matrix/callErrors.ts";

const view = (partial: Partial<CallView> = {}): CallView => ({
  callId: "c1",
  roomId: "!dm:x",
  peerId: "@bob:x",
  phase: "connected",
  micMuted: false,
  sharing: false,
  connectedAt: Date.now() - 65_000,
  remoteScreen: null,
  remoteVideoKind: "screen",
  remoteVoice: null,
  localScreen: null,
  ...partial,
});

function fakeCalls(
  current: CallView | null,
  incoming: IncomingCall | null = null,
  failure: string | null = null,
) {
  const [call] = createSignal(current);
  const [ringing] = createSignal(incoming);
  const [error, setError] = createSignal(failure);
  return {
    supported: true,
    current: call,
    incoming: ringing,
    error,
    clearError: vi.fn(() => setError(null)),
    answerIncoming: vi.fn(() => Promise.resolve()),
    declineIncoming: vi.fn(),
    setMicMuted: vi.fn(),
    setSharing: vi.fn(() => Promise.resolve()),
    hangUp: vi.fn(),
  } as unknown as Calls & Record<string, ReturnType<typeof vi.fn>>;
}

const nameOf = (userId: string) => (userId === "@bob:x" ? "bob" : userId);

describe("CallPanel", () => {
  it("shows a call in progress with its controls", () => {
    const calls = fakeCalls(view());
    const panel = render(() => <CallPanel calls={calls} nameOf={nameOf} />);
    const region = panel.getByRole("region", { name: "Call with bob" });
    expect(panel.getByRole("status").textContent).toMatch(/^Call with bob: connected 1:0\d$/);
    fireEvent.click(panel.getByRole("button", { name: "Mute microphone" }));
    expect(calls.setMicMuted).toHaveBeenCalledWith(true);
    fireEvent.click(panel.getByRole("button", { name: "Share my screen" }));
    expect(calls.setSharing).toHaveBeenCalledWith(true);
    fireEvent.click(panel.getByRole("button", { name: "Hang up" }));
    expect(calls.hangUp).toHaveBeenCalled();
    expect(region.querySelector("video")).toBeNull();
  });

  it("says when the microphone is muted and this screen is shared", () => {
    const calls = fakeCalls(view({ micMuted: true, sharing: true }));
    const panel = render(() => <CallPanel calls={calls} nameOf={nameOf} />);
    const unmute = panel.getByRole("button", { name: "Unmute microphone" });
    expect(unmute.getAttribute("aria-pressed")).toBe("true");
    expect(panel.getByRole("status").textContent).toContain("you are sharing your screen");
    fireEvent.click(panel.getByRole("button", { name: "Stop sharing" }));
    expect(calls.setSharing).toHaveBeenCalledWith(false);
  });

  it("offers Answer and Decline for a ringing call", () => {
    const calls = fakeCalls(null, { callId: "c2", roomId: "!dm:x", peerId: "@bob:x" });
    const panel = render(() => <CallPanel calls={calls} nameOf={nameOf} />);
    expect(panel.getByRole("region", { name: "Incoming call" }).textContent).toContain(
      "bob is calling you.",
    );
    fireEvent.click(panel.getByRole("button", { name: "Answer call" }));
    expect(calls.answerIncoming).toHaveBeenCalled();
    fireEvent.click(panel.getByRole("button", { name: "Decline call" }));
    expect(calls.declineIncoming).toHaveBeenCalled();
  });

  it("shows a call failure until dismissed", () => {
    const calls = fakeCalls(null, null, callFailureMessage("ice_failed"));
    const panel = render(() => <CallPanel calls={calls} nameOf={nameOf} />);
    expect(panel.getByRole("alert").textContent).toContain("No connection could be made");
    fireEvent.click(panel.getByRole("button", { name: "Dismiss" }));
    expect(calls.clearError).toHaveBeenCalled();
    expect(panel.queryByRole("alert")).toBeNull();
  });
});
