import { fireEvent, render } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { noMedia, timelineItemOf } from "../../matrix/timelineItem.fixture.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import type { MessageActions } from "../room/roomView.ts";
import { MessageItem, type MessageHandlers } from "./MessageItem.tsx";

const item = (partial: Partial<TimelineItem> = {}): TimelineItem =>
  timelineItemOf({ senderName: "Bob Baker", ts: Date.now(), body: "Desk key?", ...partial });

function handlersOf(overrides: Partial<MessageActions> = {}): MessageHandlers {
  return {
    actions: {
      toggleReaction: vi.fn(async () => {}),
      remove: vi.fn(async () => {}),
      canRemove: (message) => message.mine,
      canEdit: (message) => message.mine,
      ...overrides,
    },
    onReply: vi.fn(),
    onEdit: vi.fn(),
    onJump: vi.fn(),
    onFocus: vi.fn(),
    onError: vi.fn(),
  };
}

const renderWith = (value: TimelineItem, handlers: MessageHandlers) =>
  render(() => (
    <ol>
      <MessageItem
        me="@alice:x"
        media={noMedia}
        item={value}
        roomId="!room:x"
        groupStart
        onRetry={vi.fn()}
        handlers={handlers}
        active
      />
    </ol>
  ));

const row = (container: HTMLElement): HTMLElement =>
  container.querySelector<HTMLElement>("[data-message]") as HTMLElement;

describe("message actions", () => {
  it("shows Reply, React, Edit, Delete and the menu on keyboard focus of your own message", () => {
    const handlers = handlersOf();
    const view = renderWith(item({ mine: true, sender: "@alice:x" }), handlers);
    expect(view.queryByRole("button", { name: "Reply" })).toBeNull();
    fireEvent.focusIn(row(view.container));
    for (const name of ["Reply", "React", "Edit", "Delete", "Message actions"])
      expect(view.getByRole("button", { name })).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "Reply" }));
    expect(handlers.onReply).toHaveBeenCalledOnce();
    expect(handlers.onFocus).toHaveBeenCalledWith("$1");
  });

  it("offers neither Edit nor Delete on a colleague's message unless allowed to moderate", () => {
    const plain = renderWith(item(), handlersOf());
    fireEvent.pointerEnter(row(plain.container));
    expect(plain.getByRole("button", { name: "Reply" })).toBeTruthy();
    expect(plain.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(plain.queryByRole("button", { name: "Delete" })).toBeNull();
    plain.unmount();

    const moderator = renderWith(item(), handlersOf({ canRemove: () => true }));
    fireEvent.pointerEnter(row(moderator.container));
    expect(moderator.getByRole("button", { name: "Delete" })).toBeTruthy();
    expect(moderator.queryByRole("button", { name: "Edit" })).toBeNull();
  });

  it("opens the same items as a menu, moved through with the arrow keys", () => {
    const handlers = handlersOf();
    const view = renderWith(item({ mine: true, sender: "@alice:x" }), handlers);
    fireEvent.focusIn(row(view.container));
    fireEvent.click(view.getByRole("button", { name: "Message actions" }));
    const menu = view.getByRole("menu", { name: "Message actions" });
    const entries = view.getAllByRole("menuitem").map((entry) => entry.textContent?.trim());
    expect(entries).toEqual(["↩Reply", "☺React", "✎Edit", "🗑Delete"]);
    expect(document.activeElement?.textContent).toContain("Reply");
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toContain("Edit");
    fireEvent.click(document.activeElement as HTMLElement);
    expect(handlers.onEdit).toHaveBeenCalledOnce();
    expect(menu.hidden).toBe(true);
  });

  it("deletes only after the person confirms", async () => {
    const handlers = handlersOf();
    const view = renderWith(item({ mine: true, sender: "@alice:x" }), handlers);
    fireEvent.focusIn(row(view.container));
    fireEvent.click(view.getByRole("button", { name: "Delete" }));
    expect(view.getByRole("alertdialog", { name: "Delete this message?" })).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "Cancel" }));
    expect(handlers.actions.remove).not.toHaveBeenCalled();
    fireEvent.click(view.getByRole("button", { name: "Delete" }));
    const dialog = view.getByRole("alertdialog");
    fireEvent.click(dialog.querySelector("button:last-of-type") as HTMLElement);
    expect(handlers.actions.remove).toHaveBeenCalledOnce();
  });

  it("shows reaction chips with counts and names, and toggles yours on click", () => {
    const handlers = handlersOf();
    const view = renderWith(
      item({
        reactions: [
          { key: "👍", count: 2, mine: true, myEventId: "$r", senders: ["Alice", "Carol"] },
          { key: "🎉", count: 1, mine: false, senders: ["Carol"] },
        ],
      }),
      handlers,
    );
    const mine = view.getByRole("button", { name: /^👍 2: Alice and Carol/ });
    expect(mine.getAttribute("aria-pressed")).toBe("true");
    expect(view.getByRole("button", { name: /^🎉 1: Carol/ }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    fireEvent.click(mine);
    expect(handlers.actions.toggleReaction).toHaveBeenCalledWith(
      expect.objectContaining({ id: "$1" }),
      "👍",
    );
  });

  it("quotes what a reply answers and jumps to it", () => {
    const handlers = handlersOf();
    const view = renderWith(
      item({ replyTo: { eventId: "$q", senderName: "Carol", preview: "Who has the key?" } }),
      handlers,
    );
    fireEvent.click(
      view.getByRole("button", {
        name: /^In reply to Carol Who has the key\? \(show the original message\)$/,
      }),
    );
    expect(handlers.onJump).toHaveBeenCalledWith("$q");
  });

  it("marks a message from a thread with the thread's first message", () => {
    const handlers = handlersOf();
    const view = renderWith(item({ thread: { rootId: "$root", rootPreview: "Rota" } }), handlers);
    expect(view.getByText("In thread")).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: /^In thread Rota/ }));
    expect(handlers.onJump).toHaveBeenCalledWith("$root");
  });

  it("offers no actions on a message still sending or deleted", () => {
    const pending = renderWith(item({ id: "~1", sendState: "pending" }), handlersOf());
    fireEvent.focusIn(row(pending.container));
    expect(pending.queryByRole("button", { name: "Reply" })).toBeNull();
    pending.unmount();
    const deleted = renderWith(item({ redacted: true }), handlersOf());
    fireEvent.focusIn(row(deleted.container));
    expect(deleted.queryByRole("button", { name: "Reply" })).toBeNull();
    expect(deleted.getByText("Message deleted")).toBeTruthy();
  });
});
