/**
 * A group meeting in a department chat, three people in three contexts of one Chromium, on the
 * real stack (Synapse, the appservice's token service, livekit-server on loopback): alice starts
 * the meeting, bob and carol join, everyone sees the three names; carol mutes, alice shares her
 * screen from a click, bob and carol receive it (subscribed, frames decoded, shown large with her
 * name) and bob hears alice's microphone; when alice leaves the others show two. The screen is a
 * canvas stream (getDisplayMedia replaced before the page loads, so the picture is known to
 * move); the microphones are Chromium's fake device (a beep). Counters come from the test-only
 * `window.__staffroomGroupCallStats()` hook (`exposeCallStats`).
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useTestEnv } from "../harness/testEnv.ts";

const PEOPLE = ["alice", "bob", "carol"] as const;
type Person = (typeof PEOPLE)[number] | "dave";
const env = useTestEnv({
  users: [...PEOPLE, "dave"],
  departments: [{ id: "circ", name: "Circulation", members: [...PEOPLE, "dave"] }],
  livekit: true,
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];

/**
 * Runs in the page before it loads: the stats hook, and a fake screen (a canvas changing colour
 * 20 times a second) that records whether it was asked for during a click.
 */
const INIT_SCRIPT = `
localStorage.setItem("staffroom.testOptions", JSON.stringify({ exposeCallStats: true }));
window.__captureGestures = [];
navigator.mediaDevices.getDisplayMedia = async () => {
  window.__captureGestures.push(navigator.userActivation.isActive);
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

/** What the hook answers (client/src/features/meetings/meetingMedia.ts `MeetingStats`). */
type MeetingStats = {
  participants: number;
  screensSubscribed: number;
  screenFramesDecoded: number;
  audioEnergy: number;
};
const stats = (page: Page) =>
  page.evaluate("window.__staffroomGroupCallStats()") as Promise<MeetingStats | null>;

/** Dave's browser refuses the microphone (as when the person says no to the prompt). */
const NO_MICROPHONE = `
navigator.mediaDevices.getUserMedia = async () => {
  throw new DOMException("Permission denied", "NotAllowedError");
};`;

async function openMeeting(
  person: Person,
  extraScript = "",
): Promise<{ page: Page; meeting: Locator }> {
  const context = await browser.newContext({
    permissions: ["microphone", "camera"],
    viewport: { width: 1100, height: 800 },
  });
  contexts.push(context);
  await context.addInitScript({ content: INIT_SCRIPT + extraScript });
  const page = await context.newPage();
  await page.goto(client.url);
  await page.getByLabel("Username").fill(person);
  await page.getByLabel("Password").fill(env().passwordOf(person));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
  await page.getByRole("button", { name: "Call", exact: true }).click({ timeout: 20_000 });
  return { page, meeting: page.getByRole("region", { name: "Call in Circulation" }) };
}

const names = (meeting: Locator) =>
  meeting.getByRole("list", { name: "People in the call" }).getByRole("listitem").allInnerTexts();

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser({ media: true });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await client?.close();
});

describe("a group meeting with screen sharing", () => {
  it("three people meet, see each other's names, watch alice's screen and hear her", async () => {
    const [alice, bob, carol] = await Promise.all(PEOPLE.map((person) => openMeeting(person)));
    await alice!.meeting.getByText("No call going on").waitFor({ timeout: 20_000 });
    await alice!.meeting.getByRole("button", { name: "Start call" }).click();
    await alice!.meeting.getByRole("button", { name: "Leave call" }).waitFor({ timeout: 30_000 });
    for (const other of [bob!, carol!]) {
      await other.meeting.getByRole("button", { name: "Join call" }).click({ timeout: 20_000 });
      await other.meeting.getByRole("button", { name: "Leave call" }).waitFor({ timeout: 30_000 });
    }
    for (const { page, meeting } of [alice!, bob!, carol!]) {
      await meeting.getByText("In the call: 3").waitFor({ timeout: 20_000 });
      expect((await names(meeting)).sort()).toEqual(["alice", "bob", "carol"]);
      await expect.poll(async () => (await stats(page))?.participants, { timeout: 20_000 }).toBe(2);
      // Everyone's microphone is on after joining.
      expect(
        await meeting.getByRole("button", { name: "Mute microphone" }).getAttribute("aria-pressed"),
      ).toBe("false");
    }

    // Carol mutes, so what bob hears below comes from alice.
    await carol!.meeting.getByRole("button", { name: "Mute microphone" }).click();
    const unmute = carol!.meeting.getByRole("button", { name: "Unmute microphone" });
    await unmute.waitFor();
    expect(await unmute.getAttribute("aria-pressed")).toBe("true");

    await alice!.meeting.getByRole("button", { name: "Share screen" }).click();
    await alice!.meeting.getByRole("button", { name: "Stop sharing" }).waitFor({ timeout: 20_000 });
    expect(await alice!.page.evaluate("window.__captureGestures")).toEqual([true]);
    for (const { page, meeting } of [bob!, carol!]) {
      await meeting.getByLabel("Screen shared by alice").waitFor({ timeout: 30_000 });
      await meeting.getByText("alice is sharing").waitFor();
      await expect
        .poll(async () => (await stats(page))?.screensSubscribed, { timeout: 20_000 })
        .toBe(1);
      const before = (await stats(page))?.screenFramesDecoded ?? 0;
      await expect
        .poll(async () => (await stats(page))?.screenFramesDecoded, { timeout: 20_000 })
        .toBeGreaterThan(before + 10);
    }
    const heard = (await stats(bob!.page))?.audioEnergy ?? 0;
    await expect
      .poll(async () => (await stats(bob!.page))?.audioEnergy, { timeout: 20_000 })
      .toBeGreaterThan(heard);

    await alice!.meeting.getByRole("button", { name: "Leave call" }).click();
    for (const { page, meeting } of [bob!, carol!]) {
      await meeting.getByText("In the call: 2").waitFor({ timeout: 20_000 });
      expect((await names(meeting)).sort()).toEqual(["bob", "carol"]);
      await meeting.getByLabel("Screen shared by alice").waitFor({ state: "detached" });
      await expect.poll(async () => (await stats(page))?.participants, { timeout: 20_000 }).toBe(1);
    }
    await alice!.meeting.getByText("In the call: 2").waitFor({ timeout: 20_000 });
  });

  it("lets someone whose microphone is refused join anyway, told why nobody hears them", async () => {
    const dave = await openMeeting("dave", NO_MICROPHONE);
    await dave.meeting.getByText("In the call: 2").waitFor({ timeout: 20_000 });
    await dave.meeting.getByRole("button", { name: "Join call" }).click();
    await dave.meeting.getByRole("button", { name: "Leave call" }).waitFor({ timeout: 30_000 });
    await dave.meeting
      .getByRole("status")
      .getByText(/microphone could not be used.*others can't hear you/)
      .waitFor({ timeout: 20_000 });
    const unmute = dave.meeting.getByRole("button", { name: "Unmute microphone" });
    expect(await unmute.getAttribute("aria-pressed")).toBe("true");
    await dave.meeting.getByText("In the call: 3").waitFor({ timeout: 20_000 });
    expect((await names(dave.meeting)).sort()).toEqual(["bob", "carol", "dave"]);
    await expect
      .poll(async () => (await stats(dave.page))?.participants, { timeout: 20_000 })
      .toBe(2);
  });
});
