/**
 * The chat pane's timeline against the whole stack: alice and bob in two browser contexts, and
 * bob's plain Matrix client (MatrixTestClient) doing what other apps (Element, scripts) do —
 * sending, typing, editing, deleting, encrypting — plus 120 messages of history to page back
 * through. Formatting, hostile HTML and media are in timelineContent.spec.ts.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots of the screens it passes through.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { waitFor } from "../harness/waitFor.ts";
import { messages, openChat, screenshot, sendEvent, useTimelineStack } from "./timelineSupport.ts";

const stack = useTimelineStack();
let alicePage: Page;
let bobPage: Page;

/** Sends any event as bob's plain client; returns its event ID. */
const send = (roomId: string, type: string, content: Record<string, unknown>) =>
  sendEvent(stack.bob(), roomId, type, content);

beforeAll(async () => {
  [alicePage, bobPage] = await Promise.all([stack.signIn("alice"), stack.signIn("bob", 420)]);
}, 120_000);

describe("the chat pane's timeline", () => {
  it("shows a message from another client with sender and time, typing, and sends a read receipt", async () => {
    await openChat(alicePage, "Circulation");
    await openChat(bobPage, "Circulation");
    const circ = stack.room("circ");
    await stack
      .bob()
      .request(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(circ)}/typing/${encodeURIComponent(stack.bob().userId)}`,
        { typing: true, timeout: 30_000 },
      );
    await alicePage.getByText("bob is typing…").waitFor({ timeout: 20_000 });
    await send(circ, "m.room.message", { msgtype: "m.text", body: "Hello from bob" });

    const item = messages(alicePage).getByRole("listitem").filter({ hasText: "Hello from bob" });
    await item.waitFor({ timeout: 20_000 });
    expect(await item.textContent()).toMatch(/bob,?\s*\d{1,2}:\d{2}/);
    await stack
      .bob()
      .request(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(circ)}/typing/${encodeURIComponent(stack.bob().userId)}`,
        { typing: false },
      );
    await alicePage.getByText("bob is typing…").waitFor({ state: "detached", timeout: 20_000 });
    // The live region tells screen-reader users what arrived.
    await waitFor("the live region to announce bob's message", async () =>
      (await alicePage.locator('[aria-live="polite"]').allTextContents()).includes(
        "bob: Hello from bob",
      )
        ? true
        : undefined,
    );
    // bob's own browser shows it too, as his own message.
    await messages(bobPage).getByText("Hello from bob").waitFor({ timeout: 20_000 });

    // alice is looking at it (visible, focused, at the bottom): her count drops to 0.
    const alice = stack.env().getUser("alice");
    await waitFor("alice's notification count in Circulation to be 0", async () => {
      const sync = await alice.request<{
        rooms?: {
          join?: Record<string, { unread_notifications?: { notification_count?: number } }>;
        };
      }>("GET", "/_matrix/client/v3/sync?timeout=0");
      return sync.rooms?.join?.[circ]?.unread_notifications?.notification_count === 0
        ? true
        : undefined;
    });
    await screenshot(alicePage, "message");
    await screenshot(bobPage, "message-narrow");
  });

  it("shows edits and deletions made in another client", async () => {
    const circ = stack.room("circ");
    const original = await send(circ, "m.room.message", { msgtype: "m.text", body: "Desk at 3" });
    await messages(alicePage).getByText("Desk at 3").waitFor({ timeout: 20_000 });
    await send(circ, "m.room.message", {
      msgtype: "m.text",
      body: "* Desk at 4",
      "m.new_content": { msgtype: "m.text", body: "Desk at 4" },
      "m.relates_to": { rel_type: "m.replace", event_id: original },
    });
    const edited = messages(alicePage).getByRole("listitem").filter({ hasText: "Desk at 4" });
    await edited.waitFor({ timeout: 20_000 });
    expect(await edited.textContent()).toContain("(edited)");
    expect(await messages(alicePage).getByText("Desk at 3").count()).toBe(0);
    expect(await messages(alicePage).getByText("* Desk at 4").count()).toBe(0);

    const secret = await send(circ, "m.room.message", { msgtype: "m.text", body: "Wrong room!" });
    await messages(alicePage).getByText("Wrong room!").waitFor({ timeout: 20_000 });
    await stack
      .bob()
      .request(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(circ)}/redact/${encodeURIComponent(secret)}/r${Date.now()}`,
        { reason: "oops" },
      );
    await messages(alicePage).getByText("Message deleted").waitFor({ timeout: 20_000 });
    expect(await messages(alicePage).getByText("Wrong room!").count()).toBe(0);
    await screenshot(alicePage, "edit-redaction");
  });

  it("pages back through 120 messages with Load more history... and keeps the view still", async () => {
    const ref = stack.room("ref");
    for (let i = 1; i <= 120; i++)
      await send(ref, "m.room.message", { msgtype: "m.text", body: `History ${i}` });
    // A fresh sign-in: alice's running client has received all 120 live, a new one starts with
    // the latest few and must page back for the rest.
    const page = await stack.signIn("alice");
    await openChat(page, "Reference");
    const list = messages(page);
    await list.getByText("History 120", { exact: true }).waitFor({ timeout: 20_000 });
    expect(await list.getByText("History 1", { exact: true }).count()).toBe(0);

    const loadMore = page.getByRole("button", { name: "Load more history..." });
    // The oldest message on screen must not move when older ones are inserted above it.
    const oldestShown = list.getByText(/^History \d+$/).first();
    const anchorText = (await oldestShown.textContent())!;
    const anchor = list.getByText(anchorText, { exact: true });
    // Clicking scrolls the button into view first; do that before measuring.
    await loadMore.scrollIntoViewIfNeeded();
    const before = (await anchor.boundingBox())!.y;
    await loadMore.click();
    await waitFor("older history to arrive", async () =>
      (await oldestShown.textContent()) !== anchorText ? true : undefined,
    );
    const after = (await anchor.boundingBox())!.y;
    expect(Math.abs(after - before)).toBeLessThan(4);
    await screenshot(page, "history-after-one-page");

    for (let round = 0; round < 10; round++) {
      if ((await list.getByText("History 1", { exact: true }).count()) > 0) break;
      await loadMore.click();
      await page.waitForFunction(
        `document.querySelector('button[aria-busy="true"]') === null`,
        undefined,
        { timeout: 20_000 },
      );
    }
    const first = list.getByText("History 1", { exact: true });
    await first.scrollIntoViewIfNeeded();
    expect(await first.isVisible()).toBe(true);
    await page.getByText("This is the beginning of the chat.").waitFor();
    expect(await list.getByText(/^History \d+$/).count()).toBe(120);
    await screenshot(page, "history-start");
  });

  it("shows a clear notice in an end-to-end encrypted chat", async () => {
    const response = await fetch(`${stack.env().appserviceUrl}/api/direct`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${stack.bob().accessToken}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ user_id: stack.env().getUser("alice").userId }),
    });
    const { room_id: dm } = (await response.json()) as { room_id: string };
    // Only the bot (power 100) may change a DM's encryption; in Element a member with the
    // power would do it. The appservice token acts as the bot.
    const bot = new MatrixTestClient(
      stack.env().synapse.url,
      stack.env().botUserId,
      stack.env().synapse.secrets.as_token,
    );
    await bot.request(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(dm)}/state/m.room.encryption/`,
      { algorithm: "m.megolm.v1.aes-sha2" },
    );
    await send(dm, "m.room.encrypted", {
      algorithm: "m.megolm.v1.aes-sha2",
      ciphertext: "AwgAEnAc0ffeeCiphertextThatNobodyHereCanRead",
      device_id: "BOBDEVICE",
      sender_key: "c2VuZGVyLWtleQ",
      session_id: "c2Vzc2lvbg",
    });
    await openChat(alicePage, "bob");
    await alicePage
      .getByText("This chat is end-to-end encrypted; Staffroom can't read it. Open it in Element.")
      .waitFor({ timeout: 20_000 });
    await messages(alicePage)
      .getByText(/Encrypted message/)
      .waitFor({ timeout: 20_000 });
    // No composer that could only fail: the pane says where to reply.
    await alicePage.getByText("To reply in this chat, open it in Element.").waitFor();
    expect(await alicePage.getByRole("textbox").count()).toBe(0);
    await screenshot(alicePage, "encrypted");
  });
});
