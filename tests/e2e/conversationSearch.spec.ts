/**
 * Message search against the whole stack: alice's browser finds messages in every chat through
 * Synapse's /search, grouped, marked (as text, never parsed), paged with next_batch, one chat
 * only when asked; a result opens its chat at the message, also one far back in its stretch of
 * history (/context), and Jump to latest returns to the newest. Real Synapse, appservice, built
 * client, Chromium.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../harness/waitFor.ts";
import { useConversationStack } from "./conversationSupport.ts";
import { messages, openChat, sendEvent, seriousAxeViolations } from "./timelineSupport.ts";

const stack = useConversationStack();
const { bob } = stack;
const circ = (): string => stack.room("circ");
const say = (body: string) =>
  sendEvent(bob(), circ(), "m.room.message", { msgtype: "m.text", body });
const signIn = (): Promise<Page> => stack.signIn();

let page: Page;

beforeAll(async () => {
  page = await signIn();
}, 120_000);

describe("search", () => {
  it("finds messages in every chat, grouped, marked, paged, and opens one at its place", async () => {
    const ref = stack.room("ref");
    const inCirc = await say("The <b>photocopier</b> on level 2 is jammed");
    await sendEvent(bob(), ref, "m.room.message", { msgtype: "m.text", body: "Photocopier fixed" });
    for (let i = 0; i < 24; i++) await say(`shelving batch ${i}`);
    await openChat(page, "Reference");
    await page.getByRole("button", { name: "Search messages" }).click();
    const dialog = page.getByRole("dialog", { name: "Search messages" });
    const words = dialog.getByRole("searchbox", { name: "Words to search for" });
    await dialog.getByRole("button", { name: "Search", exact: true }).click();
    await dialog.getByText("Type a word or two to search for.").waitFor();
    await words.fill("zzqx");
    await words.press("Enter");
    await dialog.getByText("No messages match “zzqx”.").waitFor({ timeout: 20_000 });

    await words.fill("photocopier");
    await words.press("Enter");
    const circResults = dialog.getByRole("region", { name: "Circulation" });
    await circResults.waitFor({ timeout: 20_000 });
    await dialog.getByRole("region", { name: "Reference" }).waitFor();
    // The body's HTML is text here: shown as typed, the word marked, nothing parsed.
    await circResults.getByText("The <b>photocopier</b> on level 2 is jammed").waitFor();
    expect(
      (await circResults.locator("mark").allTextContents()).map((t) => t.toLowerCase()),
    ).toContain("photocopier");
    expect(await circResults.locator("b").count()).toBe(0);
    expect(await seriousAxeViolations(page, "dialog[open]")).toEqual([]);

    await dialog.getByRole("checkbox", { name: "Only in Reference" }).check();
    await words.press("Enter");
    await dialog
      .getByRole("region", { name: "Circulation" })
      .waitFor({ state: "detached", timeout: 20_000 });
    await dialog.getByRole("region", { name: "Reference" }).waitFor();
    await dialog.getByRole("checkbox", { name: "Only in Reference" }).uncheck();

    await words.fill("shelving");
    await words.press("Enter");
    const shelving = dialog.getByRole("region", { name: "Circulation" }).getByRole("listitem");
    await waitFor("the first page of results", async () =>
      (await shelving.count()) === 20 ? true : undefined,
    );
    await dialog.getByRole("button", { name: "Load more results" }).click();
    await waitFor("all 24 results", async () =>
      (await shelving.count()) === 24 ? true : undefined,
    );
    await dialog.getByRole("button", { name: "Load more results" }).waitFor({ state: "detached" });

    await words.fill("photocopier");
    await words.press("Enter");
    await circResults.getByRole("button").first().click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("heading", { level: 2, name: "Circulation" }).waitFor();
    const found = messages(page).locator(`li[data-event-id="${inCirc}"]`);
    await waitFor("the result focused and marked in its chat", async () =>
      (await found.evaluate(
        (el) => el === el.ownerDocument.activeElement && el.classList.contains("bg-amber-50"),
      ))
        ? true
        : undefined,
    );
  });

  it("opens a result from far back in its stretch of history, then returns to the newest", async () => {
    const old = await say("Minutes of the autumn stocktake");
    for (let i = 0; i < 150; i++) await say(`returns trolley ${i}`);
    // A fresh sign-in holds only the newest messages: the result is far beyond a page or two.
    const reader = await signIn();
    await reader.getByRole("button", { name: "Search messages" }).click();
    const dialog = reader.getByRole("dialog", { name: "Search messages" });
    await dialog.getByRole("searchbox", { name: "Words to search for" }).fill("stocktake");
    await dialog.getByRole("searchbox", { name: "Words to search for" }).press("Enter");
    await dialog.getByRole("region", { name: "Circulation" }).getByRole("button").first().click();
    const found = messages(reader).locator(`li[data-event-id="${old}"]`);
    await waitFor("the far result focused and marked", async () =>
      (await found.count()) === 1 &&
      (await found.evaluate(
        (el) => el === el.ownerDocument.activeElement && el.classList.contains("bg-amber-50"),
      ))
        ? true
        : undefined,
    );
    // Only the stretch around it is loaded, not the 150 messages in between.
    expect(await messages(reader).getByText("returns trolley 149").count()).toBe(0);
    const latest = reader.getByRole("button", { name: "Jump to latest ↓" });
    await latest.waitFor();
    // A message arriving meanwhile waits at the live end, not inside the old stretch.
    await say("Stocktake done for this year");
    await latest.click();
    await messages(reader).getByText("Stocktake done for this year").waitFor({ timeout: 20_000 });
    await messages(reader).getByText("returns trolley 149").waitFor();
    await reader
      .getByRole("button", { name: "Load newer messages" })
      .waitFor({ state: "detached" });
    await reader.close();
  });
});
