import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import type { Timeline } from "../../matrix/timeline.ts";
import { timelineItemOf } from "../../matrix/timelineItem.fixture.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { createNewMessages } from "./createNewMessages.ts";

const item = (id: string, mine = false): TimelineItem =>
  timelineItemOf({
    key: id,
    id,
    body: id,
    mine,
    ...(mine ? { sender: "@me:x", senderName: "Me" } : {}),
  });

/** A timeline over plain signals: `loaded` events, of which `items` are messages. */
function timelineOf(initial: TimelineItem[], marker: string) {
  const [items, setItems] = createSignal(initial);
  const [fullyRead, setFullyRead] = createSignal<string | undefined>(marker);
  const reveal = vi.fn(async () => {
    setItems((loaded) => [item("$old"), ...loaded]);
    return true;
  });
  const timeline = {
    get items() {
      return items();
    },
    status: () => "ready" as const,
    fullyRead,
    indexAfter: (eventId: string) => {
      const index = items().findIndex((entry) => entry.id === eventId);
      return index === -1 ? undefined : index + 1;
    },
    reveal,
  } as unknown as Timeline;
  return { timeline, setFullyRead, reveal };
}

describe("createNewMessages", () => {
  it("puts the line above the first unread message from someone else, and keeps it there", () => {
    const { timeline, setFullyRead } = timelineOf(
      [item("$a"), item("$b"), item("$mine", true), item("$c")],
      "$b",
    );
    const unread = createRoot(() => createNewMessages(timeline, 2));
    expect(unread.dividerKey()).toBe("$c");
    expect(unread.offerJump()).toBe(true);
    setFullyRead("$c");
    expect(unread.dividerKey()).toBe("$c");
    unread.seen();
    expect(unread.offerJump()).toBe(false);
  });

  it("draws nothing in a chat that had nothing unread", () => {
    const { timeline } = timelineOf([item("$a"), item("$b")], "$a");
    const unread = createRoot(() => createNewMessages(timeline, 0));
    expect(unread.dividerKey()).toBeNull();
    expect(unread.offerJump()).toBe(false);
  });

  it("loads older history when the first unread message is further up", async () => {
    const { timeline, reveal } = timelineOf([item("$x"), item("$y")], "$old");
    const unread = createRoot(() => createNewMessages(timeline, 5));
    expect(unread.dividerKey()).toBeUndefined();
    expect(unread.offerJump()).toBe(true);
    const show = vi.fn();
    expect(await unread.jump(show)).toBeUndefined();
    expect(reveal).toHaveBeenCalledWith("$old");
    expect(unread.dividerKey()).toBe("$x");
    expect(show).toHaveBeenCalledOnce();
    expect(unread.offerJump()).toBe(false);
  });
});
