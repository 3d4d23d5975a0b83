/**
 * The conversation around the messages: alice's browser draws "New messages" above the first
 * message she has not read (from her `m.fully_read` marker) and offers to jump to it when it is
 * further up; while she types, bob's plain client sees her typing, and stops seeing it when she
 * sends; a pasted screenshot and dropped files wait in the composer, removable, and go out as
 * uploads on Send (search: conversationSearch.spec.ts). Real Synapse, appservice, built client, Chromium.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { waitFor } from "../harness/waitFor.ts";
import {
  dispatchFiles,
  downloadAs,
  DROP,
  PASTE,
  textFile,
  useConversationStack,
  type FileSpec,
} from "./conversationSupport.ts";
import { makePng, messages, openChat, sendEvent, seriousAxeViolations } from "./timelineSupport.ts";

const stack = useConversationStack();
const { env, bob } = stack;
const circ = (): string => stack.room("circ");
const say = (body: string) =>
  sendEvent(bob(), circ(), "m.room.message", { msgtype: "m.text", body });
const signIn = (): Promise<Page> => stack.signIn();

/** alice's read marker in Circulation, as the server has it. */
async function aliceMarker(): Promise<string | undefined> {
  const alice = env().getUser("alice");
  const path = `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/rooms/${encodeURIComponent(circ())}/account_data/m.fully_read`;
  const marker = await alice
    .request<{ event_id?: string }>("GET", path)
    .catch((): { event_id?: string } => ({}));
  return marker.event_id;
}

let page: Page;

beforeAll(async () => {
  page = await signIn();
}, 120_000);

describe("New messages", () => {
  it("marks where the unread messages start, and moves the read marker on", async () => {
    const read = await say("Read before leaving");
    await openChat(page, "Circulation");
    await messages(page).getByText("Read before leaving").waitFor({ timeout: 20_000 });
    await waitFor("alice's read marker on the last message", async () =>
      (await aliceMarker()) === read ? true : undefined,
    );
    await openChat(page, "Reference");
    const first = await say("First while away");
    await say("Second while away");
    await page
      .getByRole("button", { name: /^Circulation,.*2 unread messages$/ })
      .waitFor({ timeout: 20_000 });
    await openChat(page, "Circulation");
    const line = messages(page).getByRole("separator", { name: "New messages" });
    await line.waitFor({ timeout: 20_000 });
    const next = line.locator("xpath=ancestor::li[1]/following-sibling::li[@data-message][1]");
    expect(await next.getAttribute("data-event-id")).toBe(first);
    // Reading the chat moves the marker to the newest message; the line stays for this visit.
    await waitFor("alice's read marker on the newest message", async () =>
      (await aliceMarker()) !== read ? true : undefined,
    );
    expect(await line.count()).toBe(1);
  });

  it("offers to jump to the first unread message when it is further up", async () => {
    await openChat(page, "Reference");
    const first = await say("Start of a busy morning");
    for (let i = 0; i < 40; i++) await say(`busy ${i}`);
    // A fresh sign-in holds only the newest messages.
    page = await signIn();
    await openChat(page, "Circulation");
    const jump = page.getByRole("button", { name: "Jump to first unread ↑" });
    await jump.click({ timeout: 20_000 });
    const line = messages(page).getByRole("separator", { name: "New messages" });
    await line.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      const alerts = await page.getByRole("alert").allTextContents();
      const shown = await messages(page).locator("li[data-message]").allTextContents();
      throw new Error(
        `no New messages line; alerts: ${JSON.stringify(alerts)}; first: ${shown.slice(0, 3).join(" | ")}; count ${shown.length}`,
        { cause: error },
      );
    });
    const next = line.locator("xpath=ancestor::li[1]/following-sibling::li[@data-message][1]");
    expect(await next.getAttribute("data-event-id")).toBe(first);
    await jump.waitFor({ state: "detached" });
  });
});

describe("typing", () => {
  /** Who bob's client sees typing in Circulation right now. */
  async function typingNow(): Promise<string[]> {
    const filter = JSON.stringify({
      presence: { types: [] },
      account_data: { types: [] },
      room: {
        rooms: [circ()],
        timeline: { limit: 0 },
        state: { types: [] },
        account_data: { types: [] },
        ephemeral: { types: ["m.typing"] },
      },
    });
    const sync = await bob().request<{
      rooms?: {
        join?: Record<
          string,
          { ephemeral?: { events: { type: string; content: { user_ids?: string[] } }[] } }
        >;
      };
    }>("GET", `/_matrix/client/v3/sync?timeout=0&filter=${encodeURIComponent(filter)}`);
    const events = sync.rooms?.join?.[circ()]?.ephemeral?.events ?? [];
    return events.find((event) => event.type === "m.typing")?.content.user_ids ?? [];
  }

  it("tells the others while alice types, and stops when she sends", async () => {
    const alice = env().getUser("alice").userId;
    await page.getByRole("textbox", { name: "Message" }).click();
    await page.keyboard.type("On my way");
    await waitFor("bob to see alice typing", async () =>
      (await typingNow()).includes(alice) ? true : undefined,
    );
    await page.keyboard.press("Enter");
    await waitFor("bob to see alice stop typing", async () =>
      (await typingNow()).includes(alice) ? undefined : true,
    );
  });
});

describe("paste and drop", () => {
  /** alice's newest m.room.message in Circulation whose body is `body`, as bob reads it. */
  const aliceMessage = (body: string): Promise<RoomEvent> =>
    bob().waitForRoomEvent({
      roomId: circ(),
      eventType: "m.room.message",
      sender: env().getUser("alice").userId,
      match: (event) => event.content["body"] === body,
      timeoutMs: 30_000,
    });

  it("holds a pasted screenshot and dropped files, removable, and sends them with the text", async () => {
    const field = page.getByRole("textbox", { name: "Message" });
    await field.click();
    const shot: FileSpec = {
      name: "screenshot.png",
      type: "image/png",
      bytes: [...makePng(32, 24)],
    };
    await dispatchFiles(page, PASTE, '[role="textbox"][aria-label="Message"]', [shot]);
    await dispatchFiles(page, DROP, '[role="region"][aria-label="Messages in Circulation"]', [
      textFile("hours.txt", "opening hours"),
      textFile("draft.txt", "not this one"),
    ]);
    const tray = page.getByRole("list", { name: "Files to send" });
    await tray.getByText("screenshot.png").waitFor({ timeout: 10_000 });
    expect(await tray.getByRole("listitem").count()).toBe(3);
    const thumbnail = tray
      .getByRole("listitem")
      .filter({ hasText: "screenshot.png" })
      .locator("img");
    expect(await thumbnail.getAttribute("src")).toMatch(/^blob:/);
    await tray.getByText("13 bytes").waitFor();
    expect(await seriousAxeViolations(page, "main")).toEqual([]);
    await tray.getByRole("button", { name: "Remove draft.txt" }).click();
    expect(await tray.getByRole("listitem").count()).toBe(2);

    await field.click();
    await page.keyboard.type("Today's board");
    await page.keyboard.press("Enter");
    await aliceMessage("Today's board");
    const image = await aliceMessage("screenshot.png");
    expect(image.content["msgtype"]).toBe("m.image");
    expect(String(image.content["url"])).toMatch(/^mxc:\/\//);
    expect(
      (await downloadAs(bob(), String(image.content["url"]))).equals(Buffer.from(shot.bytes)),
    ).toBe(true);
    const hours = await aliceMessage("hours.txt");
    expect(hours.content["msgtype"]).toBe("m.file");
    expect((await downloadAs(bob(), String(hours.content["url"]))).toString()).toBe(
      "opening hours",
    );
    await tray.waitFor({ state: "detached", timeout: 20_000 });
    expect(
      (
        await bob().request<{ chunk: RoomEvent[] }>(
          "GET",
          `/_matrix/client/v3/rooms/${encodeURIComponent(circ())}/messages?dir=b&limit=20`,
        )
      ).chunk.filter((event) => event.content["body"] === "draft.txt"),
    ).toHaveLength(0);
  });

  it("sends pasted files alone, with an empty field", async () => {
    const field = page.getByRole("textbox", { name: "Message" });
    await field.click();
    await dispatchFiles(page, PASTE, '[role="textbox"][aria-label="Message"]', [
      { ...textFile("rota.csv", "rota"), type: "text/csv" },
    ]);
    await page.getByRole("list", { name: "Files to send" }).getByText("rota.csv").waitFor();
    await page.getByRole("button", { name: "Send" }).click();
    await aliceMessage("rota.csv");
  });
});
