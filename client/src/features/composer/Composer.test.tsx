import { fireEvent, render } from "@solidjs/testing-library";
import { createSignal, untrack } from "solid-js";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { OutgoingText } from "../../matrix/send.ts";
import { timelineItemOf } from "../../matrix/timelineItem.fixture.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import type { ComposeMode, ComposerModel } from "../room/roomView.ts";
import { Composer } from "./Composer.tsx";
import { createStagedFiles } from "./createStagedFiles.ts";

const message = (partial: Partial<TimelineItem>): TimelineItem =>
  timelineItemOf({
    key: "$m",
    id: "$m",
    sender: "@alice:x",
    senderName: "Alice",
    mine: true,
    body: "Desk open at 9",
    ...partial,
  });

const people = [
  { userId: "@bob:x", name: "Bob Baker" },
  { userId: "@ben:x", name: "Ben Okafor" },
];

/** A composer model over plain signals: what the Composer sees of a chat. */
function modelOf(last?: TimelineItem) {
  const [mode, setMode] = createSignal<ComposeMode>({ kind: "new" });
  const sent: { mode: ComposeMode; text: OutgoingText }[] = [];
  const model: ComposerModel = {
    mode,
    replyTo: (target) => setMode({ kind: "reply", target }),
    edit: vi.fn((target: TimelineItem) => setMode({ kind: "edit", target })),
    cancel: () => setMode({ kind: "new" }),
    send: vi.fn(async (text: OutgoingText) => {
      sent.push({ mode: untrack(mode), text });
      setMode({ kind: "new" });
    }),
    retry: vi.fn(async () => {}),
    discard: vi.fn(),
    lastEditable: () => last,
    uploads: { uploadLimit: async () => null, start: vi.fn() as never },
    typing: { input: vi.fn(), stop: vi.fn() },
    mentions: { candidates: async () => people, canMentionRoom: () => false },
  };
  return { model, sent };
}

// jsdom has no editing commands; the browser tests cover formatting itself.
beforeAll(() => {
  Object.assign(document, { queryCommandState: () => false, execCommand: () => false });
});

const stagedOf = () => createStagedFiles({ uploadLimit: async () => null });

const field = (view: ReturnType<typeof render>): HTMLElement =>
  view.getByRole("textbox", { name: "Message" });

describe("Composer with a chat's composer model", () => {
  it("edits your last message with Up in an empty field, formatting loaded, Escape giving back the draft", () => {
    const last = message({ body: "Desk open at 9", formattedBody: "Desk open at <b>9</b>" });
    const { model } = modelOf(last);
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    fireEvent.keyDown(field(view), { key: "ArrowUp" });
    expect(model.edit).toHaveBeenCalledWith(last);
    expect(view.getByText("Editing your message")).toBeTruthy();
    expect(field(view).innerHTML).toBe("Desk open at <b>9</b>");
    expect(view.getByRole("button", { name: "Save" })).toBeTruthy();
    fireEvent.keyDown(field(view), { key: "Escape" });
    expect(view.queryByText("Editing your message")).toBeNull();
    expect(field(view).innerHTML).toBe("");
    expect(view.getByRole("button", { name: "Send" })).toBeTruthy();
  });

  it("does not take Up for an edit while something is typed", () => {
    const { model } = modelOf(message({}));
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    field(view).textContent = "half a thought";
    fireEvent.keyDown(field(view), { key: "ArrowUp" });
    expect(model.edit).not.toHaveBeenCalled();
  });

  it("names the message answered and sends the reply through the model", async () => {
    const { model, sent } = modelOf();
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    model.replyTo(message({ id: "$q", senderName: "Bob", mine: false, body: "Who has the key?" }));
    expect(view.getByText("Replying to Bob")).toBeTruthy();
    expect(view.getByText("Who has the key?")).toBeTruthy();
    field(view).textContent = "I do";
    fireEvent.keyDown(field(view), { key: "Enter" });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.mode.kind).toBe("reply");
    expect(sent[0]?.text).toEqual({ body: "I do" });
    expect(view.queryByText("Replying to Bob")).toBeNull();
  });

  it("cancels a reply with its Cancel button", () => {
    const { model } = modelOf();
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    model.replyTo(message({ senderName: "Bob", mine: false }));
    fireEvent.click(view.getByRole("button", { name: "Cancel reply" }));
    expect(model.mode().kind).toBe("new");
  });

  it("sends nothing for an edit that changes nothing", async () => {
    const last = message({});
    const { model } = modelOf(last);
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    model.edit(last);
    fireEvent.keyDown(field(view), { key: "Enter" });
    await vi.waitFor(() => expect(model.mode().kind).toBe("new"));
    expect(model.send).not.toHaveBeenCalled();
  });
});

describe("mentions in the Composer", () => {
  it("suggests members after @, picks with Enter, and sends a pill with m.mentions", async () => {
    const { model, sent } = modelOf();
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    const editor = field(view);
    editor.textContent = "thanks @b";
    const text = editor.firstChild as Text;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    const caret = document.createRange();
    caret.setStart(text, text.length);
    selection?.addRange(caret);
    fireEvent.input(editor);
    const list = await view.findByRole("listbox", { name: "People to mention" });
    expect(Array.from(list.querySelectorAll('[role="option"]'), (o) => o.textContent)).toEqual([
      "Ben Okafor@ben:x",
      "Bob Baker@bob:x",
    ]);
    fireEvent.keyDown(editor, { key: "ArrowDown" });
    expect(editor.getAttribute("aria-activedescendant")).toMatch(/-1$/);
    fireEvent.keyDown(editor, { key: "Enter" });
    expect(view.queryByRole("listbox")).toBeNull();
    expect(editor.querySelector("a[data-mention]")?.textContent).toBe("Bob Baker");
    fireEvent.keyDown(editor, { key: "Enter" });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.text.body).toBe("thanks Bob Baker");
    expect(sent[0]?.text.mentions).toEqual({ user_ids: ["@bob:x"] });
  });

  it("closes the suggestions with Escape without cancelling a reply", async () => {
    const { model } = modelOf();
    const view = render(() => <Composer composer={model} roomId="!r:x" staged={stagedOf()} />);
    model.replyTo(message({ senderName: "Bob", mine: false }));
    const editor = field(view);
    editor.textContent = "@";
    const selection = document.getSelection();
    selection?.removeAllRanges();
    const caret = document.createRange();
    caret.setStart(editor.firstChild as Text, 1);
    selection?.addRange(caret);
    fireEvent.input(editor);
    await view.findByRole("listbox");
    fireEvent.keyDown(editor, { key: "Escape" });
    expect(view.queryByRole("listbox")).toBeNull();
    expect(model.mode().kind).toBe("reply");
  });
});
