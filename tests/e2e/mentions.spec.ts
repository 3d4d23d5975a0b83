/**
 * @-mentions and per-chat notification levels between Staffroom and Element: alice picks bob
 * from the suggestions and bob's plain client receives Element's pill and `m.mentions`; a pill
 * from Element shows as a pill, marks the message and the chat's row; "Mentions only" and "Off"
 * are the push rules Element writes, and the server's counts follow them. Real Synapse,
 * appservice, built client, Chromium.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { waitFor } from "../harness/waitFor.ts";
import { useConversationStack } from "./conversationSupport.ts";
import { messages, openChat, sendEvent, seriousAxeViolations } from "./timelineSupport.ts";

const stack = useConversationStack();
const { room, bob, alice } = stack;
let page: Page;

/** What bob's client sends when he mentions alice in Element. */
const mentionOfAlice = (text: string) => ({
  msgtype: "m.text",
  body: `alice ${text}`,
  format: "org.matrix.custom.html",
  formatted_body: `<a href="https://matrix.to/#/${alice().userId}">alice</a> ${text}`,
  "m.mentions": { user_ids: [alice().userId] },
});

/** alice's unread counts in a room as the server computes them, once `eventId` reached her. */
async function aliceCounts(roomId: string, eventId: string) {
  type Joined = {
    timeline?: { events: RoomEvent[] };
    unread_notifications?: { notification_count?: number; highlight_count?: number };
  };
  const filter = JSON.stringify({ room: { rooms: [roomId], timeline: { limit: 50 } } });
  return waitFor(`${eventId} in alice's sync of ${roomId}`, async () => {
    const sync = await alice().request<{ rooms?: { join?: Record<string, Joined> } }>(
      "GET",
      `/_matrix/client/v3/sync?timeout=0&filter=${encodeURIComponent(filter)}`,
    );
    const joined = sync.rooms?.join?.[roomId];
    if (!joined?.timeline?.events.some((event) => event.event_id === eventId)) return undefined;
    return {
      notify: joined.unread_notifications?.notification_count ?? 0,
      highlight: joined.unread_notifications?.highlight_count ?? 0,
    };
  });
}

beforeAll(async () => {
  page = await stack.signIn();
}, 120_000);

describe("mentions", () => {
  it("suggests members after @ and sends Element's pill with m.mentions", async () => {
    await openChat(page, "Circulation");
    const field = page.getByRole("textbox", { name: "Message" });
    await field.click();
    await page.keyboard.type("thanks @bo");
    const list = page.getByRole("listbox", { name: "People to mention" });
    await list.getByRole("option", { name: /bob/ }).waitFor({ timeout: 10_000 });
    expect(await seriousAxeViolations(page, "main")).toEqual([]);
    await page.keyboard.press("Tab");
    await list.waitFor({ state: "detached" });
    await page.keyboard.type("for the cover");
    await page.keyboard.press("Enter");
    const sent = await bob().waitForRoomEvent({
      roomId: room("circ"),
      eventType: "m.room.message",
      sender: alice().userId,
      match: (event) => String(event.content["body"]).startsWith("thanks "),
    });
    expect(sent.content["body"]).toBe("thanks bob for the cover");
    expect(sent.content["m.mentions"]).toEqual({ user_ids: [bob().userId] });
    expect(String(sent.content["formatted_body"])).toMatch(
      new RegExp(
        `^thanks <a href="https://matrix.to/#/${bob().userId}"[^>]*>bob</a> for the cover$`,
      ),
    );
    const pill = messages(page).locator(`a[data-mention="${bob().userId}"]`);
    await pill.waitFor({ timeout: 20_000 });
  });

  it("shows a mention from Element as a pill, marks the message, and the chat's row", async () => {
    await openChat(page, "Circulation");
    await sendEvent(
      bob(),
      room("ref"),
      "m.room.message",
      mentionOfAlice("can you check the returns?"),
    );
    await page
      .getByRole("button", { name: /^Reference, 1 mention of you, 1 unread message$/ })
      .waitFor({ timeout: 20_000 });
    await openChat(page, "Reference");
    const mine = messages(page).locator(`a[data-mention="${alice().userId}"]`);
    await mine.waitFor({ timeout: 20_000 });
    const row = messages(page)
      .locator("li[data-message]")
      .filter({ has: page.locator(`a[data-mention="${alice().userId}"]`) });
    expect(await row.getAttribute("class")).toContain("bg-amber-50/70");
  });
});

describe("notification level per chat", () => {
  const pushRule = (kind: string, roomId: string) =>
    alice()
      .request<{ actions: unknown[] }>(
        "GET",
        `/_matrix/client/v3/pushrules/global/${kind}/${encodeURIComponent(roomId)}`,
      )
      .then(
        (rule) => rule,
        () => undefined,
      );

  it("Mentions only counts mentions, not every message; Off counts nothing", async () => {
    const ref = room("ref");
    await openChat(page, "Circulation");
    await openChat(page, "Reference");
    const select = page.getByRole("combobox", { name: "Notify" });
    await select.selectOption({ label: "Mentions only" });
    await waitFor("the room rule on the server", async () =>
      (await pushRule("room", ref)) ? true : undefined,
    );
    expect((await pushRule("room", ref))?.actions).toEqual([]);
    await openChat(page, "Circulation");

    const plain = await sendEvent(bob(), ref, "m.room.message", {
      msgtype: "m.text",
      body: "FYI, rota posted",
    });
    expect(await aliceCounts(ref, plain)).toEqual({ notify: 0, highlight: 0 });
    const mention = await sendEvent(
      bob(),
      ref,
      "m.room.message",
      mentionOfAlice("yours is Tuesday"),
    );
    expect(await aliceCounts(ref, mention)).toEqual({ notify: 1, highlight: 1 });
    await page
      .getByRole("button", { name: /^Reference, 1 mention of you, 1 unread message$/ })
      .waitFor({ timeout: 20_000 });

    await openChat(page, "Reference");
    await select.selectOption({ label: "Off" });
    await waitFor("the mute rule on the server", async () =>
      (await pushRule("override", ref)) ? true : undefined,
    );
    expect(await pushRule("room", ref)).toBeUndefined();
    await openChat(page, "Circulation");
    const muted = await sendEvent(bob(), ref, "m.room.message", mentionOfAlice("still there?"));
    expect(await aliceCounts(ref, muted)).toEqual({ notify: 0, highlight: 0 });

    await openChat(page, "Reference");
    expect(await select.inputValue()).toBe("off");
    await select.selectOption({ label: "All messages" });
    await waitFor("no rule for the room left", async () =>
      (await pushRule("override", ref)) === undefined && (await pushRule("room", ref)) === undefined
        ? true
        : undefined,
    );
  });
});

describe("on a phone", () => {
  it("shows the list and the open chat as two screens, with actions and mentions by touch", async () => {
    const phone = await stack.signIn({ width: 390, height: 844, touch: true });
    const row = phone.getByRole("button", { name: /^Circulation(,|$)/ });
    await row.tap({ timeout: 30_000 });
    await phone
      .getByRole("heading", { level: 2, name: "Circulation" })
      .waitFor({ timeout: 20_000 });
    expect(await row.isVisible()).toBe(false);
    const back = phone.getByRole("button", { name: /^Back to chats/ });
    expect(await back.isVisible()).toBe(true);

    const message = messages(phone)
      .locator("li[data-message]")
      .filter({ hasText: "for the cover" });
    await message.tap({ timeout: 20_000 });
    await message.getByRole("button", { name: "Message actions" }).tap();
    await phone
      .getByRole("menu", { name: "Message actions" })
      .getByRole("menuitem", { name: /Reply/ })
      .tap();
    await phone.getByRole("status").filter({ hasText: "Replying to alice" }).waitFor();

    await phone.getByRole("textbox", { name: "Message" }).tap();
    await phone.keyboard.type("@bo");
    await phone
      .getByRole("listbox", { name: "People to mention" })
      .getByRole("option", { name: /bob/ })
      .tap();
    await phone.locator('[role="textbox"] a[data-mention]').waitFor();

    await back.tap();
    await row.waitFor({ state: "visible" });
    expect(await phone.getByRole("heading", { level: 2, name: "Circulation" }).count()).toBe(0);
    await phone.context().close();
  });
});
