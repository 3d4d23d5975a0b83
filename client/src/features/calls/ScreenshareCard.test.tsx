import { fireEvent, render, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { ScreenshareCardData } from "../../matrix/callTimeline.ts";
import type { Calls } from "../../matrix/createCalls.ts";
import { ScreenshareContext, type Screenshare } from "./createScreenshare.ts";
import { ScreenshareCard } from "./ScreenshareCard.tsx";

const ALICE = "@alice:x";
const BOB = "@bob:x";

const card = (partial: Partial<ScreenshareCardData> = {}): ScreenshareCardData => ({
  requestId: "abcdefgh12",
  to: BOB,
  share: "responder",
  timeoutMs: 60_000,
  eventId: "$req",
  requester: ALICE,
  requestedAt: Date.now(),
  followUps: [],
  ...partial,
});

function fakeScreenshare(): Screenshare {
  const calls = { current: () => null, supported: true } as unknown as Calls;
  return {
    calls,
    request: vi.fn(() => Promise.resolve()),
    accept: vi.fn(() => Promise.resolve()),
    decline: vi.fn(() => Promise.resolve()),
    cancel: vi.fn(() => Promise.resolve()),
    nameOf: (_roomId, userId) => (userId === ALICE ? "Alice A" : "Bob B"),
  };
}

const renderCard = (me: string, data: ScreenshareCardData, screenshare?: Screenshare) =>
  render(() =>
    screenshare ? (
      <ScreenshareContext.Provider value={screenshare}>
        <ScreenshareCard me={me} roomId="!dm:x" card={data} />
      </ScreenshareContext.Provider>
    ) : (
      <ScreenshareCard me={me} roomId="!dm:x" card={data} />
    ),
  );

describe("ScreenshareCard", () => {
  it("offers Accept and Decline to the person asked, and accepts into the room", async () => {
    const screenshare = fakeScreenshare();
    const data = card();
    const view = renderCard(BOB, data, screenshare);
    const article = view.getByRole("article", { name: "Screen-sharing request" });
    expect(article.textContent).toContain("Alice A asked you to share your screen.");
    expect(article.textContent).toContain("Waiting for an answer (up to 1 minute).");
    fireEvent.click(view.getByRole("button", { name: "Accept" }));
    await waitFor(() => expect(screenshare.accept).toHaveBeenCalledWith("!dm:x", data));
    expect(view.getByRole("button", { name: "Decline" })).toBeTruthy();
    expect(view.queryByRole("button", { name: "Cancel request" })).toBeNull();
  });

  it("offers the asker only Cancel request", () => {
    const view = renderCard(ALICE, card(), fakeScreenshare());
    expect(view.getByRole("article").textContent).toContain(
      "You asked Bob B to share their screen.",
    );
    expect(view.getByRole("button", { name: "Cancel request" })).toBeTruthy();
    expect(view.queryByRole("button", { name: "Accept" })).toBeNull();
  });

  it("says who declined, with no buttons left", () => {
    const declined = card({ followUps: [{ action: "decline", sender: BOB, ts: Date.now() }] });
    const view = renderCard(ALICE, declined, fakeScreenshare());
    expect(view.getByTestId("screenshare-status").textContent).toBe("Declined by Bob B.");
    expect(view.queryAllByRole("button")).toHaveLength(0);
  });

  it("shows an unanswered request past its deadline as missed", () => {
    const old = card({ requestedAt: Date.now() - 61_000 });
    const view = renderCard(BOB, old, fakeScreenshare());
    expect(view.getByTestId("screenshare-status").textContent).toBe(
      "Missed: no answer within 1 minute.",
    );
    expect(view.queryByRole("button", { name: "Accept" })).toBeNull();
  });

  it("turns missed at the deadline while on screen", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    try {
      const view = renderCard(BOB, card({ timeoutMs: 5_000 }), fakeScreenshare());
      expect(view.getByTestId("screenshare-status").textContent).toContain("Waiting");
      vi.advanceTimersByTime(5_100);
      expect(view.getByTestId("screenshare-status").textContent).toBe(
        "Missed: no answer within 5 seconds.",
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows only the status outside the signed-in app", () => {
    const view = renderCard(BOB, card());
    expect(view.getByRole("article").textContent).toContain("alice asked you");
    expect(view.queryAllByRole("button")).toHaveLength(0);
  });
});
