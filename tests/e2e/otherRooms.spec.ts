/**
 * One conversation per pair in the browser: alice and bob have a Staffroom DM, and bob also
 * wrote to alice in a DM he started in Element. alice sees one "bob" row whose badge counts the
 * other room's message too, and the chat's banner opens that room with the message in it.
 * And carol, who has no Staffroom DM with alice, starts one in Element: alice sees it at once
 * (an unread invitation on carol's row) and opening carol's row opens that very room.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import { api } from "../integration/scrub/history.ts";

const env = useTestEnv({ users: ["alice", "bob", "carol"], admins: ["alice"] });
let browser: Browser;
let client: { url: string; close(): Promise<void> };
let page: Page;
const enc = encodeURIComponent;

beforeAll(async () => {
  await env().appservice.sync.idle();
  const alice = env().getUser("alice");
  const bob = env().getUser("bob");
  await api(env().appserviceUrl, alice, "POST", "/api/direct", { user_id: bob.userId });
  // bob starts a DM the way Element does and writes in it.
  const { room_id: other } = await bob.request<{ room_id: string }>(
    "POST",
    "/_matrix/client/v3/createRoom",
    {
      preset: "trusted_private_chat",
      is_direct: true,
      invite: [alice.userId],
      visibility: "private",
    },
  );
  await alice.request("POST", `/_matrix/client/v3/join/${enc(other)}`, {});
  await bob.sendText(other, "Sent from Element");
  const scan = await api(env().appserviceUrl, alice, "POST", "/api/admin/rooms/scan");
  expect(scan.status).toBe(200);
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
  await page.goto(client.url);
  await page.getByLabel("Username").fill("alice");
  await page.getByLabel("Password").fill(env().passwordOf("alice"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

describe("a pair with two rooms", () => {
  it("is one row whose badge counts both rooms, and the chat opens the other room", async () => {
    const row = page.getByRole("button", { name: /^bob,.*1 unread message$/ });
    await row.waitFor({ timeout: 30_000 });
    expect(await page.getByRole("button", { name: /^bob(,|$)/ }).count()).toBe(1);
    await row.click();
    const banner = page
      .getByRole("note")
      .filter({ hasText: "Earlier messages with bob in another room" });
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByRole("button", { name: "Open that room" }).click();
    await page.getByText("Sent from Element").waitFor({ timeout: 20_000 });
  });

  it("shows a DM started in Element as unread before anyone opens it, and opens that room", async () => {
    const alice = env().getUser("alice");
    const carol = env().getUser("carol");
    // What Element does for a new DM: createRoom (is_direct, trusted_private_chat), m.direct.
    const { room_id: dm } = await carol.request<{ room_id: string }>(
      "POST",
      "/_matrix/client/v3/createRoom",
      { preset: "trusted_private_chat", is_direct: true, invite: [alice.userId] },
    );
    await carol.request(
      "PUT",
      `/_matrix/client/v3/user/${enc(carol.userId)}/account_data/m.direct`,
      { [alice.userId]: [dm] },
    );
    await carol.sendText(dm, "Can you cover the desk at 3?");
    await page
      .getByRole("button", { name: /^carol,.*1 unread message$/ })
      .waitFor({ timeout: 30_000 });
    // The appservice adopts the room as the pair's DM meanwhile, and the row is drawn again
    // when alice's membership changes: a click landing on the old row is clicked again.
    const message = page.getByText("Can you cover the desk at 3?");
    await waitFor(
      "carol's DM open with her message",
      async () => {
        if ((await message.count()) > 0) return true;
        if (
          !(await page
            .getByRole("button", { name: /^carol(,|$)/ })
            .first()
            .isDisabled())
        ) {
          await page
            .getByRole("button", { name: /^carol(,|$)/ })
            .first()
            .click();
        }
        return undefined;
      },
      { timeoutMs: 45_000, intervalMs: 2000 },
    );
    expect(await page.getByText("Earlier messages with carol in another room").count()).toBe(0);
  }, 90_000);
});
