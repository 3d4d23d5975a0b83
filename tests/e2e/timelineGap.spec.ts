/**
 * A reload after a gap: the browser's message cache holds an older part of a chat, more
 * messages arrived than one sync brings back, and paging back through the gap meets the cached
 * part. Every message must be there, in order, and the chat's start only once it is reached.
 * And a chat too short to fill the pane fetches its history by itself: an empty one says so.
 */
import { describe, expect, it } from "vitest";
import { waitFor } from "../harness/waitFor.ts";
import { messages, openChat, sendEvent, useTimelineStack } from "./timelineSupport.ts";

const stack = useTimelineStack();
const say = (body: string) =>
  sendEvent(stack.bob(), stack.room("circ"), "m.room.message", { msgtype: "m.text", body });

describe("history across a gap", () => {
  it("shows the cached part and the gap after a reload, nothing hidden", async () => {
    for (let i = 1; i <= 5; i++) await say(`Early ${i}`);
    const page = await stack.signIn("alice");
    await openChat(page, "Circulation");
    const list = messages(page);
    await list.getByText("Early 5", { exact: true }).waitFor({ timeout: 20_000 });
    // More than one sync's worth while alice is here: the cache written at her first sync
    // stays behind, so the reload's sync has a gap.
    for (let i = 1; i <= 30; i++) await say(`Gap ${i}`);
    await list.getByText("Gap 30", { exact: true }).waitFor({ timeout: 20_000 });

    await page.reload();
    await openChat(page, "Circulation");
    await list.getByText("Gap 30", { exact: true }).waitFor({ timeout: 20_000 });
    const loadMore = page.getByRole("button", { name: "Load more history..." });
    const start = page.getByText("This is the beginning of the chat.");
    await waitFor(
      "the start of the chat after paging back",
      async () => {
        if ((await start.count()) > 0) return true;
        if ((await loadMore.count()) > 0 && (await loadMore.isEnabled())) await loadMore.click();
        return undefined;
      },
      { timeoutMs: 60_000 },
    );
    const shown = await list.getByText(/^(Early|Gap) \d+$/).allTextContents();
    const expected = [
      ...Array.from({ length: 5 }, (_, i) => `Early ${i + 1}`),
      ...Array.from({ length: 30 }, (_, i) => `Gap ${i + 1}`),
    ];
    expect(shown.filter((text, i) => shown.indexOf(text) === i)).toEqual(expected);
  }, 120_000);

  it("fills a short chat by itself: an empty room says so, with no Load more button", async () => {
    // More state than one sync's timeline holds, and no message: the room's start (its
    // m.room.create) is out of the first page.
    const ref = encodeURIComponent(stack.room("ref"));
    for (let i = 0; i < 30; i++) {
      const response = await fetch(
        `${stack.env().synapse.url}/_matrix/client/v3/rooms/${ref}/state/org.staffroom.test.note/n${i}`,
        {
          method: "PUT",
          headers: { authorization: `Bearer ${stack.env().synapse.secrets.as_token}` },
          body: JSON.stringify({ n: i }),
        },
      );
      expect(response.status).toBe(200);
    }
    const page = await stack.signIn("alice");
    await openChat(page, "Reference");
    await page.getByText("No messages yet. Say hello!").waitFor({ timeout: 20_000 });
    expect(await page.getByRole("button", { name: "Load more history..." }).count()).toBe(0);
  }, 60_000);
});
