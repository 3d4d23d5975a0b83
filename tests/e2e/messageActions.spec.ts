/**
 * Replies, reactions, edits, deletions and threads between Staffroom and Element: bob's plain
 * Matrix client sends exactly what Element sends and alice's browser must show it; alice acts by
 * mouse and keyboard and bob's client must receive the spec's event shapes. Real Synapse,
 * appservice, built client, Chromium.
 */
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { waitFor } from "../harness/waitFor.ts";
import { useConversationStack } from "./conversationSupport.ts";
import { messages, openChat, sendEvent, seriousAxeViolations } from "./timelineSupport.ts";

const stack = useConversationStack();
const { room, bob, aliceEvent } = stack;
let page: Page;
const send = (roomId: string, type: string, content: Record<string, unknown>) =>
  sendEvent(bob(), roomId, type, content);
const text = (body: string) => ({ msgtype: "m.text", body });
/** The message row whose text contains `body`. */
const row = (body: string): Locator =>
  messages(page).locator("li[data-message]").filter({ hasText: body }).last();
/** The message row of an event. */
const byId = (eventId: string): Locator => messages(page).locator(`li[data-event-id="${eventId}"]`);
/** The event a redaction removes (top level before room version 11, in content from 11). */
const redactsOf = (e: RoomEvent): unknown =>
  (e as RoomEvent & { redacts?: string }).redacts ?? e.content["redacts"];

beforeAll(async () => {
  page = await stack.signIn();
}, 120_000);

describe("what Element sends", () => {
  it("shows replies with their quote, reactions, edits, thread messages and deletions", async () => {
    const circ = room("circ");
    const bobId = bob().userId;
    const question = await send(circ, "m.room.message", text("Who has the desk key?"));
    // Element's reply, with the quoted fallback the spec used to ask for.
    await send(circ, "m.room.message", {
      msgtype: "m.text",
      body: `> <${bobId}> Who has the desk key?\n\nNot me, sorry`,
      format: "org.matrix.custom.html",
      formatted_body: `<mx-reply><blockquote><a href="https://matrix.to/#/${circ}/${question}">In reply to</a> <a href="https://matrix.to/#/${bobId}">${bobId}</a><br>Who has the desk key?</blockquote></mx-reply>Not me, sorry`,
      "m.relates_to": { "m.in_reply_to": { event_id: question } },
      "m.mentions": { user_ids: [bobId] },
    });
    await send(circ, "m.reaction", {
      "m.relates_to": { rel_type: "m.annotation", event_id: question, key: "👍" },
    });
    // A message from Element's thread view, with its fallback reply for thread-less clients.
    await send(circ, "m.room.message", {
      msgtype: "m.text",
      body: "Checked the drawer too",
      "m.relates_to": {
        rel_type: "m.thread",
        event_id: question,
        is_falling_back: true,
        "m.in_reply_to": { event_id: question },
      },
    });
    const typo = await send(circ, "m.room.message", text("Opening at 9:30"));
    await send(circ, "m.room.message", {
      msgtype: "m.text",
      body: "* Opening at 9:00",
      "m.new_content": { msgtype: "m.text", body: "Opening at 9:00" },
      "m.relates_to": { rel_type: "m.replace", event_id: typo },
    });
    const gone = await send(circ, "m.room.message", text("Wrong chat, ignore"));
    await bob().request(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(circ)}/redact/${encodeURIComponent(gone)}/r${Date.now()}`,
      {},
    );

    await openChat(page, "Circulation");
    const reply = row("Not me, sorry");
    await reply.waitFor({ timeout: 20_000 });
    await reply.getByRole("button", { name: /^In reply to bob Who has the desk key\?/ }).waitFor();
    // The fallback quote is not shown a second time inside the reply's text.
    expect((await reply.textContent())?.match(/Who has the desk key\?/g)).toHaveLength(1);
    await byId(question)
      .getByRole("button", { name: /^👍 1: bob\./ })
      .waitFor({ timeout: 20_000 });
    const threaded = row("Checked the drawer too");
    await threaded.getByRole("button", { name: /^In thread Who has the desk key\?/ }).waitFor();
    expect(await threaded.getByRole("button", { name: /^In reply to/ }).count()).toBe(0);
    await row("Opening at 9:00").getByText("(edited)").waitFor();
    expect(await messages(page).getByText("Opening at 9:30").count()).toBe(0);
    await messages(page).getByText("Message deleted").waitFor();
    expect(await messages(page).getByText("Wrong chat, ignore").count()).toBe(0);
  });
});

describe("what alice does", () => {
  it("replies, reacts and takes the reaction back by mouse, in the spec's shapes", async () => {
    const circ = room("circ");
    const question = await send(circ, "m.room.message", text("Can someone cover lates?"));
    const target = byId(question);
    await target.waitFor({ timeout: 20_000 });
    await target.hover();
    await target.getByRole("button", { name: "Reply" }).click();
    await page.getByRole("status").filter({ hasText: "Replying to bob" }).waitFor();
    await page.keyboard.type("I can do Tuesday");
    await page.keyboard.press("Enter");
    const sentReply = await aliceEvent(
      circ,
      "m.room.message",
      (e) => e.content["body"] === "I can do Tuesday",
    );
    expect(sentReply.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: question } });
    expect(sentReply.content["m.mentions"]).toEqual({ user_ids: [bob().userId] });
    await row("I can do Tuesday")
      .getByRole("button", { name: /^In reply to bob Can someone cover lates\?/ })
      .waitFor({ timeout: 20_000 });

    await target.hover();
    await target.getByRole("button", { name: "React" }).click();
    const picker = page.getByRole("dialog", { name: "Emoji picker" });
    const first = picker.getByRole("menuitem").first();
    await first.waitFor({ timeout: 20_000 });
    const emoji = (await first.evaluate((el) => el.textContent ?? "")).trim();
    await first.click();
    const reaction = await aliceEvent(circ, "m.reaction", (e) => {
      const relation = e.content["m.relates_to"] as Record<string, unknown> | undefined;
      return relation?.["event_id"] === question;
    });
    expect(reaction.content["m.relates_to"]).toEqual({
      rel_type: "m.annotation",
      event_id: question,
      key: emoji,
    });
    const chip = target.getByRole("button", { name: new RegExp(`^${emoji} 1: alice\\.`) });
    await chip.waitFor({ timeout: 20_000 });
    expect(await chip.getAttribute("aria-pressed")).toBe("true");
    await chip.click();
    await aliceEvent(circ, "m.room.redaction", (e) => redactsOf(e) === reaction.event_id);
    await chip.waitFor({ state: "detached", timeout: 20_000 });
  });

  it("edits with Edit and with Up, keeping formatting, and shows (edited)", async () => {
    const circ = room("circ");
    const editor = page.getByRole("textbox", { name: "Message" });
    await editor.click();
    await page.keyboard.type("Staff meeting at ");
    await page.keyboard.press("Control+b");
    await page.keyboard.type("noon");
    await page.keyboard.press("Control+b");
    await page.keyboard.type(" today");
    await page.keyboard.press("Enter");
    const original = await aliceEvent(
      circ,
      "m.room.message",
      (e) => e.content["body"] === "Staff meeting at noon today",
    );
    const mine = row("Staff meeting at noon today");
    await mine.waitFor({ timeout: 20_000 });

    // Up in the empty field edits the last message; Escape leaves it as it was.
    await editor.click();
    await page.keyboard.press("ArrowUp");
    await page.getByRole("status").filter({ hasText: "Editing your message" }).waitFor();
    expect(await editor.innerHTML()).toBe("Staff meeting at <b>noon</b> today");
    await page.keyboard.press("Escape");
    await page
      .getByRole("status")
      .filter({ hasText: "Editing your message" })
      .waitFor({ state: "detached" });
    expect(await editor.innerHTML()).toBe("");

    await mine.hover();
    await mine.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("status").filter({ hasText: "Editing your message" }).waitFor();
    await page.keyboard.press("End");
    await page.keyboard.type(" sharp");
    await page.getByRole("button", { name: "Save" }).click();
    const edit = await aliceEvent(circ, "m.room.message", (e) => {
      const relation = e.content["m.relates_to"] as Record<string, unknown> | undefined;
      return relation?.["rel_type"] === "m.replace";
    });
    expect(edit.content["m.relates_to"]).toEqual({
      rel_type: "m.replace",
      event_id: original.event_id,
    });
    expect(edit.content["m.new_content"]).toMatchObject({
      msgtype: "m.text",
      body: "Staff meeting at noon today sharp",
      format: "org.matrix.custom.html",
      formatted_body: "Staff meeting at <b>noon</b> today sharp",
    });
    expect(edit.content["body"]).toBe("* Staff meeting at noon today sharp");
    const edited = row("Staff meeting at noon today sharp");
    await edited.getByText("(edited)").waitFor({ timeout: 20_000 });
    expect(await edited.locator("b").textContent()).toBe("noon");
  });

  it("deletes after confirming, leaving Message deleted", async () => {
    const circ = room("circ");
    await page.getByRole("textbox", { name: "Message" }).click();
    await page.keyboard.type("Sent to the wrong chat");
    await page.keyboard.press("Enter");
    const sent = await aliceEvent(
      circ,
      "m.room.message",
      (e) => e.content["body"] === "Sent to the wrong chat",
    );
    const mine = row("Sent to the wrong chat");
    await mine.hover();
    await mine.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete this message?" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await aliceEvent(circ, "m.room.redaction", (e) => redactsOf(e) === sent.event_id);
    await waitFor("the deleted message to leave alice's timeline", async () =>
      (await messages(page).getByText("Sent to the wrong chat").count()) === 0 ? true : undefined,
    );
    expect(await messages(page).getByText("Message deleted").count()).toBeGreaterThanOrEqual(2);
  });

  it("reaches the same actions by keyboard: arrows between messages, the menu, Escape", async () => {
    const last = row("Message deleted").last();
    const previous = row("Staff meeting at noon today sharp");
    await previous.focus();
    await page.keyboard.press("ArrowDown");
    await waitFor("focus on the next message", async () =>
      (await last.evaluate((el) => el === el.ownerDocument.activeElement)) ? true : undefined,
    );
    await page.keyboard.press("ArrowUp");
    await previous.getByRole("toolbar").waitFor();
    const menuButton = previous.getByRole("button", { name: "Message actions" });
    await menuButton.focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("menu", { name: "Message actions" });
    await menu.waitFor();
    expect(await seriousAxeViolations(page, "main")).toEqual([]);
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual([
      "↩Reply",
      "☺React",
      "✎Edit",
      "🗑Delete",
    ]);
    await page.keyboard.press("Escape");
    await menu.waitFor({ state: "hidden" });
    expect(await menuButton.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Replying to alice" }).waitFor();
    await page.keyboard.press("Escape");
    await page
      .getByRole("status")
      .filter({ hasText: "Replying to alice" })
      .waitFor({ state: "detached" });
  });

  it("jumps to a replied-to message far up, loading the history in between", async () => {
    const ref = room("ref");
    const original = await send(ref, "m.room.message", text("The very first rota"));
    for (let i = 0; i < 70; i++) await send(ref, "m.room.message", text(`filler ${i}`));
    await send(ref, "m.room.message", {
      msgtype: "m.text",
      body: "Is this still current?",
      "m.relates_to": { "m.in_reply_to": { event_id: original } },
    });
    // A fresh sign-in holds only the newest messages, as anyone opening the chat later does.
    page = await stack.signIn();
    await openChat(page, "Reference");
    const reply = row("Is this still current?");
    await reply.waitFor({ timeout: 20_000 });
    expect(await messages(page).getByText("The very first rota").count()).toBe(0);
    await reply.getByRole("button", { name: /^In reply to a message further up/ }).click();
    const found = messages(page).locator(`li[data-event-id="${original}"]`);
    await found.waitFor({ timeout: 30_000 });
    await waitFor("the original focused and marked", async () =>
      (await found.evaluate(
        (el) => el === el.ownerDocument.activeElement && el.classList.contains("bg-amber-50"),
      ))
        ? true
        : undefined,
    );
  });
});
