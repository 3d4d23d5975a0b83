/**
 * The composer's FAQ dialog against the whole stack: dana (org admin) imports a few FAQs through
 * the admin API; alice searches in the dialog, filters by group, previews and shares one; bob,
 * in a second browser context, sees the FAQ card with the question; a plain Matrix client
 * reading the event sees the readable `body` and the `org.staffroom.faq` key.
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob", "dana"],
  admins: ["dana"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
let roomId = "";

const CSV = [
  "id,question,answer,url,keywords",
  'renew,How do I renew a book?,"Sign in to **My Account**, then choose Renew.",https://library.example/renew,"loan, due date"',
  "wifi,How do I join the wifi?,Use the network Library-Guest.,,internet",
].join("\r\n");

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `faq-${name}.png`), fullPage: true });
}

async function api(
  user: "dana" | "bob",
  method: string,
  path: string,
  body: string,
  type = "application/json",
): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, env().appserviceUrl), {
    method,
    headers: {
      authorization: `Bearer ${env().getUser(user).accessToken}`,
      ...(body === "" ? {} : { "content-type": type }),
    },
    body: body === "" ? undefined : body,
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function signIn(page: Page, user: "alice" | "bob"): Promise<void> {
  await page.goto(client.url);
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(env().passwordOf(user));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  const group = await api(
    "dana",
    "POST",
    "/api/admin/faq/groups",
    JSON.stringify({ name: "Loans", visibility: "public" }),
  );
  await api("dana", "POST", `/api/admin/faq/groups/${String(group["id"])}/import`, CSV, "text/csv");
  await api(
    "dana",
    "POST",
    "/api/admin/faq/groups",
    JSON.stringify({ name: "Building", visibility: "public" }),
  );
  const directory = (await api("bob", "GET", "/api/directory", "")) as {
    departments: { id: string; room_id: string }[];
  };
  roomId = directory.departments.find((d) => d.id === "circ")?.room_id ?? "";
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

describe("the FAQ dialog", () => {
  it("searches, shares into the chat, and the card reaches the other person", async () => {
    const aliceContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const bobContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const alice = await aliceContext.newPage();
    const bob = await bobContext.newPage();
    await signIn(alice, "alice");
    await signIn(bob, "bob");

    const button = alice.getByRole("button", { name: "FAQs" });
    await button.click({ timeout: 20_000 });
    const dialog = alice.getByRole("dialog", { name: "FAQs" });
    await dialog.waitFor();
    await dialog.getByLabel("Search FAQs").fill("renew");
    const results = dialog.getByRole("list", { name: "FAQ results" });
    const renew = results.getByRole("button", { name: /How do I renew a book\?/ });
    await renew.waitFor({ timeout: 20_000 });
    // The highlighted words survive the sanitizer.
    await results.locator("mark").first().waitFor({ timeout: 20_000 });
    expect(await results.getByRole("button", { name: /wifi/ }).count()).toBe(0);

    // The group filter: nothing about renewing in "Building".
    await dialog.getByLabel("Group").selectOption("Building");
    await dialog.getByText("No FAQs match.").waitFor({ timeout: 20_000 });
    await dialog.getByLabel("Group").selectOption("Loans");
    await renew.click({ timeout: 20_000 });
    const preview = dialog.getByRole("region", { name: "FAQ preview" });
    await preview.getByText("My Account").waitFor();
    await screenshot(alice, "dialog");

    // Focus stays inside the open dialog.
    for (let i = 0; i < 8; i++) await alice.keyboard.press("Tab");
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);

    await preview.getByRole("button", { name: "Share" }).click();
    await dialog.waitFor({ state: "detached", timeout: 20_000 });
    expect(await button.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    const card = bob.getByRole("article", { name: "FAQ: How do I renew a book?" });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByText("My Account").count()).toBe(1);
    expect(await card.getByRole("link", { name: "Read more" }).getAttribute("href")).toBe(
      "https://library.example/renew",
    );
    await screenshot(bob, "card");

    const event = await env()
      .getUser("bob")
      .waitForRoomEvent({
        roomId,
        eventType: "m.room.message",
        sender: env().getUser("alice").userId,
      });
    const content = event.content as Record<string, unknown>;
    expect(content["body"]).toContain("FAQ: How do I renew a book?");
    expect(content["body"]).toContain("More: https://library.example/renew");
    expect(content["org.staffroom.faq"]).toEqual({ id: "renew", group: "Loans" });

    // Escape closes a freshly opened dialog.
    await button.click();
    await dialog.waitFor();
    await alice.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await aliceContext.close();
    await bobContext.close();
  });
});
