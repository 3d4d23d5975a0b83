import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createTypingNotifier,
  TYPING_IDLE_MS,
  TYPING_REFRESH_MS,
  TYPING_TIMEOUT_MS,
} from "./typingNotifier.ts";

describe("createTypingNotifier", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says typing once on the first keystroke, not on every one", () => {
    const send = vi.fn();
    const typing = createTypingNotifier(send);
    typing.input(false);
    vi.advanceTimersByTime(1000);
    typing.input(false);
    typing.input(false);
    expect(send.mock.calls).toEqual([[true, TYPING_TIMEOUT_MS]]);
  });

  it("refreshes before the server's timeout while typing goes on", () => {
    const send = vi.fn();
    const typing = createTypingNotifier(send);
    for (let t = 0; t <= TYPING_REFRESH_MS + 2000; t += 1000) {
      typing.input(false);
      vi.advanceTimersByTime(1000);
    }
    expect(send.mock.calls.filter(([value]) => value === true)).toHaveLength(2);
    expect(send).not.toHaveBeenCalledWith(false, 0);
  });

  it("says stopped after a pause, on stop and when the field is emptied, once each time", () => {
    const send = vi.fn();
    const typing = createTypingNotifier(send);
    typing.input(false);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(send).toHaveBeenLastCalledWith(false, 0);
    typing.input(false);
    typing.stop();
    typing.stop();
    typing.input(false);
    typing.input(true);
    expect(send.mock.calls).toEqual([
      [true, TYPING_TIMEOUT_MS],
      [false, 0],
      [true, TYPING_TIMEOUT_MS],
      [false, 0],
      [true, TYPING_TIMEOUT_MS],
      [false, 0],
    ]);
  });

  it("sends nothing when stopped without having typed", () => {
    const send = vi.fn();
    createTypingNotifier(send).stop();
    expect(send).not.toHaveBeenCalled();
  });
});
