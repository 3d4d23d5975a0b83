/**
 * The Members button of a department chat against the whole stack: bob opens the dialog and
 * sees alice go online, then away, as she sets her presence with her own token; admins are
 * marked; Escape closes the dialog and gives focus back to the button.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"], admins: ["alice"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function setAlicePresence(presence: "online" | "unavailable"): Promise<void> {
  const alice = env().getUser("alice");
  await alice.request(
    "PUT",
    `/_matrix/client/v3/presence/${encodeURIComponent(alice.userId)}/status`,
    { presence },
  );
}

/** alice's row in the dialog. */
const aliceRow = (dialog: Locator) =>
  dialog.locator(`li[data-user-id="${env().getUser("alice").userId}"]`);

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse.url, env().appserviceUrl);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

describe("the members dialog", () => {
  it("lists the department with live status and admins marked; Escape closes it", async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    await page.goto(client.url);
    await page.getByLabel("Username").fill("bob");
    await page.getByLabel("Password").fill(env().passwordOf("bob"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });

    const button = page.getByRole("button", { name: "Members" });
    await button.click({ timeout: 20_000 });
    const dialog = page.getByRole("dialog", { name: "Members of Circulation" });
    await dialog.waitFor();
    await aliceRow(dialog).waitFor({ timeout: 20_000 });
    expect(await aliceRow(dialog).getByText("Admin", { exact: true }).count()).toBe(1);
    const bobRow = dialog.locator(`li[data-user-id="${env().getUser("bob").userId}"]`);
    expect(await bobRow.getByText("Admin", { exact: true }).count()).toBe(0);

    await setAlicePresence("online");
    await aliceRow(dialog).getByText("Online").waitFor({ timeout: 30_000 });
    await screenshot(page, "members-alice-online");

    await setAlicePresence("unavailable");
    await aliceRow(dialog).getByText("Away").waitFor({ timeout: 30_000 });
    await screenshot(page, "members-alice-away");

    // Focus stays inside the open dialog.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await button.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await context.close();
  });
});
