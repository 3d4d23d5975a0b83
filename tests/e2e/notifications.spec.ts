/**
 * Browser notifications against the whole stack: bob (notification permission granted in his
 * context, `Notification` calls captured by an init script) turns them on; a message alice sends
 * to a chat bob does not have open raises one with her name and the chat's; one in the chat he
 * is reading does not; clicking the notification opens the chat. The setting survives a reload.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
let rooms: { circ: string; allStaff: string };

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

type Captured = { title: string; body: string };

// Runs in the page before the app: every Notification the app creates is recorded (and kept, so
// the test can click it); the real constructor still runs. Page code is given as strings because
// this file is type-checked for Node, without the DOM library.
const captureNotifications = `
  const Real = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options?.body ?? "", n: this });
    }
  };
`;

async function waitForNotification(page: Page, count: number): Promise<Captured[]> {
  await page.waitForFunction(`window.__notifications.length >= ${count}`, undefined, {
    timeout: 20_000,
  });
  return page.evaluate<Captured[]>(
    "window.__notifications.map(({ title, body }) => ({ title, body }))",
  );
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  const response = await fetch(`${env().appserviceUrl}/api/directory`, {
    headers: { authorization: `Bearer ${env().getUser("alice").accessToken}` },
  });
  const directory = (await response.json()) as {
    departments: { id: string; room_id: string }[];
    all_staff_room_id: string;
  };
  rooms = {
    circ: directory.departments.find((d) => d.id === "circ")!.room_id,
    allStaff: directory.all_staff_room_id,
  };
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

describe("notifications", () => {
  it("notify bob of alice's message in a chat he is not reading, and open it on click", async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    await context.grantPermissions(["notifications"], { origin: client.url });
    await context.addInitScript({ content: captureNotifications });
    const page = await context.newPage();
    await page.goto(client.url);
    await page.getByLabel("Username").fill("bob");
    await page.getByLabel("Password").fill(env().passwordOf("bob"));
    await page.getByRole("button", { name: "Sign in" }).click();

    const setting = page.getByRole("checkbox", { name: "Show notifications for new messages" });
    await setting.waitFor({ timeout: 30_000 });
    expect(await setting.isChecked()).toBe(false);
    await setting.check();
    expect(await setting.isChecked()).toBe(true);
    await page.getByRole("button", { name: /^All Staff(,|$)/ }).click({ timeout: 20_000 });
    await page.getByRole("heading", { name: "All Staff", level: 2 }).waitFor();

    const alice = env().getUser("alice");
    // In the chat on screen: no notification. Then one in Circulation: notified.
    await alice.sendText(rooms.allStaff, "everyone: coffee in the staff room");
    await alice.sendText(rooms.circ, "the returns trolley is full");
    const [first, ...rest] = await waitForNotification(page, 1);
    expect(rest).toEqual([]);
    expect(first?.title).toMatch(/^alice in Circulation$/);
    expect(first?.body).toBe("the returns trolley is full");
    await screenshot(page, "notifications-setting-on");

    await page.evaluate(`{
      const { n } = window.__notifications[0];
      n.onclick.call(n, new Event("click"));
    }`);
    await page.getByRole("heading", { name: "Circulation", level: 2 }).waitFor({ timeout: 20_000 });
    await screenshot(page, "notifications-opened-chat");

    // The choice is kept for bob in this browser.
    await page.reload();
    await setting.waitFor({ timeout: 30_000 });
    expect(await setting.isChecked()).toBe(true);
    await context.close();
  });
});
