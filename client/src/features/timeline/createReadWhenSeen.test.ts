import { createRoot, createSignal } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createReadWhenSeen, RECEIPT_MAX_WAIT_MS, RECEIPT_QUIET_MS } from "./createReadWhenSeen.ts";

describe("createReadWhenSeen", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(document, "hasFocus").mockReturnValue(true);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function setUp() {
    const markRead = vi.fn(() => Promise.resolve(true));
    const [newest, setNewest] = createSignal<string | undefined>("m1");
    const [atBottom, setAtBottom] = createSignal(true);
    let dispose = () => {};
    createRoot((d) => {
      dispose = d;
      createReadWhenSeen(newest, atBottom, markRead);
    });
    return { markRead, setNewest, setAtBottom, dispose };
  }

  it("marks read at once when the chat opens with the newest message on screen", () => {
    const { markRead, dispose } = setUp();
    expect(markRead).toHaveBeenCalledTimes(1);
    dispose();
  });

  it("batches messages arriving while watching into one receipt after a quiet second", () => {
    const { markRead, setNewest, dispose } = setUp();
    setNewest("m2");
    vi.advanceTimersByTime(RECEIPT_QUIET_MS / 2);
    setNewest("m3");
    vi.advanceTimersByTime(RECEIPT_QUIET_MS - 1);
    expect(markRead).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(markRead).toHaveBeenCalledTimes(2);
    dispose();
  });

  it("never waits longer than the maximum in a busy chat", () => {
    const { markRead, setNewest, dispose } = setUp();
    for (let i = 0; i < 20; i++) {
      setNewest(`busy-${i}`);
      vi.advanceTimersByTime(RECEIPT_QUIET_MS / 2);
    }
    // 20 × 500 ms = 10 s of steady traffic: receipts went out at least every 5 s.
    expect(markRead.mock.calls.length).toBeGreaterThanOrEqual(
      1 + Math.floor(10_000 / RECEIPT_MAX_WAIT_MS),
    );
    dispose();
  });

  it("sends a pending receipt when the person scrolls away or leaves the chat", () => {
    const { markRead, setNewest, setAtBottom, dispose } = setUp();
    setNewest("m2");
    setAtBottom(false);
    expect(markRead).toHaveBeenCalledTimes(2);
    setAtBottom(true);
    expect(markRead).toHaveBeenCalledTimes(3);
    setNewest("m3");
    dispose();
    expect(markRead).toHaveBeenCalledTimes(4);
  });
});
