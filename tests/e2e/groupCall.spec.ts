/**
 * A group meeting in a department chat, two people in two browser contexts, on the real stack
 * (Synapse, the appservice's token service, livekit-server on loopback): alice starts the
 * meeting and shares her screen, bob sees that someone is in the meeting, joins, and receives
 * her screen as moving video; when she stops sharing it goes away, when she leaves the count
 * drops. The screen is a canvas stream (getDisplayMedia replaced before the page loads), since
 * headless Chromium has no screen to capture; everything after it is the real media path.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
  livekit: true,
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];

/** A fake screen, run in the page before it loads: a canvas changing colour 20 times a second. */
const FAKE_SCREEN = `
navigator.mediaDevices.getDisplayMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 640;
  canvas.height = 360;
  const context = canvas.getContext("2d");
  let n = 0;
  setInterval(() => {
    context.fillStyle = "hsl(" + ((n += 17) % 360) + " 70% 50%)";
    context.fillRect(0, 0, canvas.width, canvas.height);
  }, 50);
  return canvas.captureStream(20);
};`;

async function signIn(user: "alice" | "bob"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  contexts.push(context);
  await context.addInitScript(FAKE_SCREEN);
  const page = await context.newPage();
  await page.goto(client.url);
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(env().passwordOf(user));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
  await page.getByRole("button", { name: "Meeting" }).click({ timeout: 20_000 });
  return page;
}

/** Seconds of video played so far by the first shared screen on the page. */
const playedSeconds = (page: Page) =>
  page
    .locator('video[data-source="screen_share"]')
    .first()
    .evaluate((element) => {
      const video = element as unknown as { currentTime: number; videoWidth: number };
      return { time: video.currentTime, width: video.videoWidth };
    });

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse.url, env().appserviceUrl);
  browser = await launchBrowser({ media: true });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await client?.close();
});

describe("a group meeting with screen sharing", () => {
  it("lets bob join alice's meeting and watch her screen", async () => {
    const alice = await signIn("alice");
    const meetingA = alice.getByRole("region", { name: "Meeting in Circulation" });
    await meetingA.getByText("No meeting going on").waitFor();
    await meetingA.getByRole("button", { name: "Start meeting" }).click();
    await meetingA.getByRole("button", { name: "Leave meeting" }).waitFor({ timeout: 30_000 });
    await meetingA.getByRole("button", { name: "Share screen" }).click();
    await meetingA.getByRole("button", { name: "Stop sharing" }).waitFor({ timeout: 20_000 });

    const bob = await signIn("bob");
    const meetingB = bob.getByRole("region", { name: "Meeting in Circulation" });
    await meetingB.getByText("In the meeting: 1").waitFor({ timeout: 20_000 });
    await meetingB.getByRole("button", { name: "Join meeting" }).click();
    const screen = meetingB.locator('video[data-source="screen_share"]');
    await screen.waitFor({ timeout: 30_000 });
    expect(await screen.getAttribute("aria-label")).toBe(
      `Screen shared by ${env().getUser("alice").userId}`,
    );
    await meetingA.getByText("In the meeting: 2").waitFor({ timeout: 20_000 });

    // Frames arrive and keep arriving: the video has a size and its clock moves.
    await expect
      .poll(async () => (await playedSeconds(bob)).width, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const before = (await playedSeconds(bob)).time;
    await expect
      .poll(async () => (await playedSeconds(bob)).time, { timeout: 10_000 })
      .toBeGreaterThan(before + 0.5);

    await meetingA.getByRole("button", { name: "Stop sharing" }).click();
    await screen.waitFor({ state: "detached", timeout: 20_000 });

    await meetingA.getByRole("button", { name: "Leave meeting" }).click();
    await meetingB.getByText("In the meeting: 1").waitFor({ timeout: 20_000 });
    await meetingB.getByRole("button", { name: "Leave meeting" }).click();
    await meetingB.getByText("No meeting going on").waitFor({ timeout: 20_000 });
  });
});
