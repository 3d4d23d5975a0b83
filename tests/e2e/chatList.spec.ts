/**
 * The Internal Chat list against the whole stack, with alice and bob in two browser contexts:
 * departments and All Staff, unread badges that appear and clear (checked against a plain Matrix
 * client's /sync counts too), the page title, one DM room for the pair, live presence, and the
 * per-person Internal tab.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots of the screens it passes through.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];
let alicePage: Page;
let bobPage: Page;
let circRoomId: string;

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function signIn(localpart: "alice" | "bob", width = 1100): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 760 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(client.url);
  await page.getByLabel("Username").fill(localpart);
  await page.getByLabel("Password").fill(env().passwordOf(localpart));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
  return page;
}

/** The row button of a chat; its accessible name starts with the chat's title. */
const row = (page: Page, title: string) =>
  page.getByRole("button", { name: new RegExp(`^${title}(,|$)`) });

/** bob's notification count for a room, as a plain Matrix client's /sync reports it. */
async function bobSyncCount(roomId: string): Promise<number | undefined> {
  const sync = await env().getUser("bob").request<{
    rooms?: { join?: Record<string, { unread_notifications?: { notification_count?: number } }> };
  }>("GET", "/_matrix/client/v3/sync?timeout=0");
  return sync.rooms?.join?.[roomId]?.unread_notifications?.notification_count;
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  const response = await fetch(`${env().appserviceUrl}/api/directory`, {
    headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` },
  });
  const directory = (await response.json()) as { departments: { id: string; room_id: string }[] };
  circRoomId = directory.departments.find((d) => d.id === "circ")!.room_id;
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
  [alicePage, bobPage] = await Promise.all([signIn("alice"), signIn("bob", 700)]);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await client?.close();
});

describe("the Internal Chat list", () => {
  it("shows both people their department and All Staff", async () => {
    for (const page of [alicePage, bobPage]) {
      await row(page, "Circulation").waitFor({ timeout: 20_000 });
      await row(page, "All Staff").waitFor();
    }
    await row(alicePage, "bob").waitFor();
    await row(bobPage, "alice").waitFor();
    await screenshot(alicePage, "01-alice-list");
    await screenshot(bobPage, "02-bob-list-narrow");
  });

  it("puts a numbered badge on bob's side and the total in the title, then clears both when he opens the chat", async () => {
    const alice = env().getUser("alice");
    for (const text of ["one", "two", "three"]) await alice.sendText(circRoomId, text);

    await bobPage
      .getByRole("button", { name: "Circulation, 3 unread messages" })
      .waitFor({ timeout: 20_000 });
    expect(await row(bobPage, "Circulation").getByTestId("unread-badge").textContent()).toBe("3");
    await waitFor("bob's title to show 3 unread", async () =>
      (await bobPage.title()) === "(3) Staffroom" ? true : undefined,
    );
    expect(await bobSyncCount(circRoomId)).toBe(3);
    await screenshot(bobPage, "03-bob-badge");

    await row(bobPage, "Circulation").click();
    const paneHeading = bobPage.getByRole("heading", { level: 2, name: "Circulation" });
    await paneHeading.waitFor();
    // bob's window is narrow: the pane sits under the list and must be scrolled into view.
    await waitFor("the chat pane to scroll into bob's narrow window", async () => {
      const { top, scrollY, maxScroll } = await paneHeading.evaluate((el) => {
        // The test tsconfig has no DOM lib; this runs in the page, where these exist.
        const page = globalThis as unknown as {
          scrollY: number;
          innerHeight: number;
          document: { documentElement: { scrollHeight: number } };
        };
        return {
          top: el.getBoundingClientRect().top,
          scrollY: page.scrollY,
          maxScroll: page.document.documentElement.scrollHeight - page.innerHeight,
        };
      });
      // Scrolled until the pane's top is at the top of the window, or as far as the page goes.
      const scrolledToPane = top >= 0 && (top < 40 || scrollY >= maxScroll - 1);
      return scrollY > 0 && scrolledToPane ? true : undefined;
    });
    await bobPage.getByRole("button", { name: "Circulation", exact: true }).waitFor();
    expect(await row(bobPage, "Circulation").getAttribute("aria-current")).toBe("true");
    expect(await row(bobPage, "Circulation").getByTestId("unread-badge").count()).toBe(0);
    await waitFor("bob's title to drop the count", async () =>
      (await bobPage.title()) === "Staffroom" ? true : undefined,
    );
    await waitFor("a plain client's /sync to report 0 unread for bob", async () =>
      (await bobSyncCount(circRoomId)) === 0 ? true : undefined,
    );
    await screenshot(bobPage, "04-bob-read");
  });

  it("opens the same direct room for alice and bob from the Operators list", async () => {
    await row(alicePage, "bob").click();
    await alicePage.getByRole("heading", { level: 2, name: "bob" }).waitFor({ timeout: 20_000 });
    const fromAlice = await row(alicePage, "bob").getAttribute("data-room-id");
    expect(fromAlice).toMatch(/^!/);

    // bob's list loaded before the room existed; a message in it still badges alice's row.
    await env().getUser("alice").sendText(fromAlice!, "got a minute?");
    await bobPage
      .getByRole("button", { name: /^alice, \w+, 1 unread message$/ })
      .waitFor({ timeout: 20_000 });
    expect(await row(bobPage, "alice").getAttribute("data-room-id")).toBe(fromAlice);

    await row(bobPage, "alice").click();
    await bobPage.getByRole("heading", { level: 2, name: "alice" }).waitFor({ timeout: 20_000 });
    expect(await row(bobPage, "alice").getAttribute("data-room-id")).toBe(fromAlice);
    await screenshot(alicePage, "05-alice-dm");
  });

  it("shows bob alice's status as she changes it", async () => {
    await bobPage.getByRole("button", { name: /^alice, Online/ }).waitFor({ timeout: 20_000 });
    await alicePage.getByLabel("Status").selectOption("unavailable");
    await bobPage.getByRole("button", { name: /^alice, Away/ }).waitFor({ timeout: 20_000 });
    await screenshot(bobPage, "06-bob-sees-away");

    // The choice outlives a reload (kept per person, sent again at start).
    await alicePage.reload();
    await waitFor("alice's own client to say Online (synced)", async () =>
      (await alicePage.getByRole("status").filter({ hasText: "Online" }).count()) > 0
        ? true
        : undefined,
    );
    expect(await alicePage.getByLabel("Status").inputValue()).toBe("unavailable");
    const presenceOfAlice = () =>
      env()
        .getUser("bob")
        .request<{ presence: string }>(
          "GET",
          `/_matrix/client/v3/presence/${encodeURIComponent(env().getUser("alice").userId)}/status`,
        );
    // The new session's first /sync may report her online for a moment before the choice is
    // sent again; what matters is where it settles.
    await waitFor("alice's presence to be unavailable again after her reload", async () =>
      (await presenceOfAlice()).presence === "unavailable" ? true : undefined,
    );
    await bobPage.getByRole("button", { name: /^alice, Away/ }).waitFor({ timeout: 20_000 });
    await alicePage.getByLabel("Status").selectOption("online");
    await bobPage.getByRole("button", { name: /^alice, Online/ }).waitFor({ timeout: 20_000 });
  });

  it("keeps Internal Chat in its own tab after a reload when alice asks for it", async () => {
    const setting = alicePage.getByRole("checkbox", { name: "Show Internal Chat in its own tab" });
    await setting.focus();
    await alicePage.keyboard.press("Space");
    const internal = alicePage.getByRole("tab", { name: "Internal" });
    await internal.waitFor();
    expect(await internal.getAttribute("aria-selected")).toBe("true");
    // The list moved tabs under the keyboard user; focus stays on the checkbox.
    await setting.and(alicePage.locator(":focus")).waitFor();
    await screenshot(alicePage, "07-alice-internal-tab");

    await alicePage.reload();
    await internal.waitFor({ timeout: 30_000 });
    await alicePage.getByRole("tab", { name: "Chats" }).click();
    await alicePage.getByText("Internal Chat has its own tab").waitFor({ timeout: 20_000 });
    await internal.click();
    await row(alicePage, "Circulation").waitFor({ timeout: 20_000 });
    await alicePage.getByRole("checkbox", { name: "Show Internal Chat in its own tab" }).uncheck();
    await alicePage.getByRole("tab", { name: "Internal" }).waitFor({ state: "detached" });
  });
});
