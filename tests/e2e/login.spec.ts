import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({ users: ["alice", "dana"], admins: ["dana"] });
let browser: Browser;
let client: { url: string; close(): Promise<void> };

beforeAll(async () => {
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(client.url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("signing in through the web client", () => {
  it("shows the Chats shell with the Internal Chat section, survives a reload, and signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "alice", env().passwordOf("alice"));
    const alice = env().getUser("alice");
    await page.getByText(alice.userId).waitFor({ timeout: 20_000 });
    expect(await page.getByRole("tab", { name: "Chats" }).getAttribute("aria-selected")).toBe(
      "true",
    );
    await page.getByRole("heading", { name: "Internal Chat" }).waitFor();

    await page.reload();
    await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 20_000 });
    expect(await page.getByLabel("Username").count()).toBe(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username").waitFor({ timeout: 20_000 });
    await page.reload();
    await page.getByLabel("Username").waitFor();
    await context.close();
  });

  it("marks a directory admin with an Admin badge", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "dana", env().passwordOf("dana"));
    await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 20_000 });
    // The badge; admins also get an Admin tab, after it in the header.
    await page.getByText("Admin", { exact: true }).first().waitFor({ timeout: 10_000 });
    await context.close();
  });

  it("shows a readable error for a wrong password and stays on the form", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "alice", "definitely-wrong");
    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("Incorrect username or password");
    expect(await page.getByRole("heading", { name: "Internal Chat" }).count()).toBe(0);
    await context.close();
  });
});
