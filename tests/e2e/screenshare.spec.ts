/**
 * 1:1 "Request Screenshare" against the whole stack: alice and bob in two contexts of one
 * headless Chromium with fake media (launchBrowser({media: true})), in their direct chat on a
 * real Synapse. alice asks, bob accepts with a real click (his browser captures its fake screen
 * and places a Matrix 1:1 call), alice's browser takes the call, and her page decodes bob's
 * screen and hears his microphone. Also: decline (no call) and a request nobody answers.
 * The request timeout is shortened through the test options (lib/testOptions.ts).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

const REQUEST_TIMEOUT_MS = 15_000;

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];
let alicePage: Page;
let bobPage: Page;

// Runs in the page before the app: the test options, and a record of whether each screen
// capture was asked for during a user gesture (the fake media UI would grant it either way).
const INIT_SCRIPT = `
localStorage.setItem("staffroom.testOptions", JSON.stringify({
  exposeCallStats: true, screenshareTimeoutMs: ${REQUEST_TIMEOUT_MS} }));
window.__captureGestures = [];
const realGetDisplayMedia = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getDisplayMedia = (constraints) => {
  window.__captureGestures.push(navigator.userActivation.isActive);
  return realGetDisplayMedia(constraints);
};
`;

type Stats = { connection: string; framesDecoded: number; audioEnergy: number } | null;
const callStats = (page: Page) => page.evaluate("window.__staffroomCallStats()") as Promise<Stats>;

async function signIn(localpart: "alice" | "bob"): Promise<Page> {
  const context = await browser.newContext({
    permissions: ["microphone", "camera"],
    viewport: { width: 1200, height: 900 },
  });
  contexts.push(context);
  await context.addInitScript({ content: INIT_SCRIPT });
  const page = await context.newPage();
  await page.goto(client.url);
  await page.getByLabel("Username").fill(localpart);
  await page.getByLabel("Password").fill(env().passwordOf(localpart));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Internal Chat" }).waitFor({ timeout: 30_000 });
  return page;
}

async function openDirect(page: Page, other: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^${other}(,|$)`) }).click({ timeout: 20_000 });
  await page.getByRole("heading", { level: 2, name: other }).waitFor({ timeout: 20_000 });
  await page.getByText("Loading messages…").waitFor({ state: "detached", timeout: 20_000 });
}

const lastCard = (page: Page) =>
  page.getByRole("article", { name: "Screen-sharing request" }).last();

async function cardSays(page: Page, text: string): Promise<void> {
  await waitFor(
    `the last request card to say "${text}"`,
    async () => ((await lastCard(page).textContent())?.includes(text) ? true : undefined),
    { timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser({ media: true });
  [alicePage, bobPage] = await Promise.all([signIn("alice"), signIn("bob")]);
  await openDirect(alicePage, "bob");
  await openDirect(bobPage, "alice");
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await client?.close();
});

describe("Request Screenshare in a direct chat", () => {
  it("connects on accept, shows bob's screen and voice to alice, and ends for both on hang-up", async () => {
    await alicePage.getByRole("button", { name: "Request Screenshare" }).click();
    await cardSays(alicePage, "Waiting for an answer");
    await cardSays(bobPage, "alice asked you to share your screen.");
    await lastCard(bobPage).getByRole("button", { name: "Accept" }).click();

    const aliceCall = alicePage.getByRole("region", { name: "Call with bob" });
    const bobCall = bobPage.getByRole("region", { name: "Call with alice" });
    for (const call of [aliceCall, bobCall]) {
      await call.getByRole("status").filter({ hasText: "connected" }).waitFor({ timeout: 30_000 });
    }
    await cardSays(alicePage, "call connected");
    expect(await bobCall.textContent()).toContain("you are sharing your screen");
    await aliceCall.getByLabel("Screen shared by bob").waitFor({ timeout: 20_000 });

    // bob's capture came from his click, not from script running on its own.
    expect(await bobPage.evaluate("window.__captureGestures")).toEqual([true]);

    // alice's browser decodes the screen and hears the microphone: both counters keep rising.
    const first = await waitFor(
      "alice to decode bob's screen and voice",
      async () => {
        const stats = await callStats(alicePage);
        return stats && stats.framesDecoded > 0 && stats.audioEnergy > 0 ? stats : undefined;
      },
      { timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = await callStats(alicePage);
    process.stdout.write(`alice's inbound media: ${JSON.stringify({ first, second })}\n`);
    expect(second?.framesDecoded).toBeGreaterThan(first.framesDecoded);
    expect(second?.audioEnergy).toBeGreaterThan(first.audioEnergy);
    // The <video> element itself shows frames (not just the peer connection receiving them).
    type Video = { getVideoPlaybackQuality(): { totalVideoFrames: number } };
    const quality = await aliceCall
      .getByLabel("Screen shared by bob")
      .evaluate((video) => (video as unknown as Video).getVideoPlaybackQuality().totalVideoFrames);
    expect(quality).toBeGreaterThan(0);

    // The controls work: mute shows as pressed.
    await aliceCall.getByRole("button", { name: "Mute microphone" }).click();
    await aliceCall
      .getByRole("button", { name: "Unmute microphone", pressed: true })
      .waitFor({ timeout: 10_000 });

    // Sharing changes hands inside the call (setScreensharingEnabled, renegotiated).
    await bobCall.getByRole("button", { name: "Stop sharing" }).click();
    await aliceCall
      .getByLabel("Screen shared by bob")
      .waitFor({ state: "detached", timeout: 20_000 });
    await aliceCall.getByRole("button", { name: "Share my screen" }).click();
    await bobCall.getByLabel("Screen shared by alice").waitFor({ timeout: 20_000 });
    expect(await aliceCall.textContent()).toContain("you are sharing your screen");
    expect(await alicePage.evaluate("window.__captureGestures")).toEqual([true]);

    await aliceCall.getByRole("button", { name: "Hang up" }).click();
    for (const page of [alicePage, bobPage]) {
      await page
        .getByRole("list", { name: "Messages" })
        .getByText(/^Call ended · \d+:\d\d$/)
        .waitFor({ timeout: 20_000 });
    }
    await aliceCall.waitFor({ state: "detached", timeout: 10_000 });
    await bobCall.waitFor({ state: "detached", timeout: 10_000 });
  });

  it("declines: alice sees it, and no call starts", async () => {
    await alicePage.getByRole("button", { name: "Request Screenshare" }).click();
    await cardSays(bobPage, "Waiting for an answer");
    await lastCard(bobPage).getByRole("button", { name: "Decline" }).click();
    await cardSays(alicePage, "Declined by bob.");
    await cardSays(bobPage, "Declined by you.");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const page of [alicePage, bobPage]) {
      expect(await page.getByRole("region", { name: /^Call with/ }).count()).toBe(0);
      expect(await page.getByRole("region", { name: "Incoming call" }).count()).toBe(0);
    }
    expect(await bobPage.evaluate("window.__captureGestures.length")).toBe(1);
  });

  it("turns a request nobody answers into a missed one on both sides", async () => {
    // bob is looking at another chat: the request badges alice's row like any message.
    await bobPage.getByRole("button", { name: /^Circulation(,|$)/ }).click();
    await bobPage.getByRole("heading", { level: 2, name: "Circulation" }).waitFor();
    await alicePage.getByRole("button", { name: "Request Screenshare" }).click();
    await bobPage
      .getByRole("button", { name: /^alice, \w+, 1 mention of you, 1 unread message$/ })
      .waitFor({ timeout: 20_000 });
    await openDirect(bobPage, "alice");
    await cardSays(bobPage, "Waiting for an answer (up to 15 seconds).");
    await cardSays(alicePage, "Missed: no answer within 15 seconds.");
    await cardSays(bobPage, "Missed: no answer within 15 seconds.");
    expect(await lastCard(bobPage).getByRole("button", { name: "Accept" }).count()).toBe(0);
  });
});
