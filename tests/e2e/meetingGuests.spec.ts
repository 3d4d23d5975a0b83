/**
 * Guests by email with a lobby, in Chromium against the whole stack (real Synapse, appservice,
 * built client, a local SMTP sink): alice starts a meeting from her department chat and invites
 * an address in the UI; the mail arrives; a fresh browser context (no account) opens the link,
 * types a name and waits; alice admits her from the lobby and the guest is in. The same link in
 * another context is refused, a second guest is denied, and ending the meeting ends the guest's
 * page (her account is deactivated).
 * Set STAFFROOM_SCREENSHOTS=<dir> to keep screenshots.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import { useSmtpSink } from "../harness/smtpSink.ts";
import { useTestEnv } from "../harness/testEnv.ts";

// The address the appservice puts in links; the test opens the same path on the test client.
const PUBLIC_URL = "http://staffroom.test";
const smtp = useSmtpSink();

const env = useTestEnv({
  users: ["alice"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice"] }],
  // A real LiveKit: the admitted guest sees the host's shared screen.
  livekit: true,
  meetings: () => ({
    public_url: PUBLIC_URL,
    smtp: { host: smtp().host, port: smtp().port, from: "Staffroom <staffroom@staffroom.test>" },
  }),
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };

const shotsDir = process.env.STAFFROOM_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser({ media: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
});

/** Sends an invitation from the open host dialog and returns the mailed link, on the test client. */
async function inviteFromDialog(host: Page, email: string): Promise<string> {
  const dialog = host.getByRole("dialog");
  await dialog.getByLabel("Invite a guest by email").fill(email);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await dialog.getByText(`Invitation sent to ${email}.`).waitFor({ timeout: 20_000 });
  const mail = await smtp().waitForMail(email);
  const link = /(https?:\/\/\S+\/guest#t=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/guest#t=`));
  return (link ?? "").replace(PUBLIC_URL, client.url);
}

async function openAsGuest(link: string, name: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 900, height: 700 },
    permissions: ["microphone", "camera"],
  });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join meeting" }).click();
  return page;
}

describe("guests by email", () => {
  it("go from the email to the meeting through the lobby; links work once; deny and end", async () => {
    const hostContext = await browser.newContext({
      viewport: { width: 1100, height: 800 },
      permissions: ["microphone", "camera"],
    });
    const host = await hostContext.newPage();
    await host.goto(client.url);
    await host.getByLabel("Username").fill("alice");
    await host.getByLabel("Password").fill(env().passwordOf("alice"));
    await host.getByRole("button", { name: "Sign in" }).click();
    await host.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
    await host.getByRole("button", { name: "Meeting with guests" }).click({ timeout: 20_000 });
    const dialog = host.getByRole("dialog", { name: "Meeting: Circulation" });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByText("Nobody is waiting.").waitFor();

    const link = await inviteFromDialog(host, "jane@example.test");
    const jane = await openAsGuest(link, "Jane Doe");
    await jane.getByText("Waiting for the host to let you in…").waitFor({ timeout: 30_000 });
    expect(new URL(jane.url()).hash).toBe("");
    await screenshot(jane, "guest-waiting");

    await dialog.getByText("Jane Doe (guest) is waiting").waitFor({ timeout: 30_000 });
    // Closed, the dialog's button still says someone waits; a reload finds the same meeting.
    await dialog.getByRole("button", { name: "Close" }).click();
    await host
      .getByRole("button", { name: "Meeting with guests (1 waiting)" })
      .waitFor({ timeout: 20_000 });
    await host.reload();
    await host.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 30_000 });
    await host.getByRole("button", { name: "Meeting with guests" }).click({ timeout: 20_000 });
    await dialog.getByText("Jane Doe (guest) is waiting").waitFor({ timeout: 30_000 });
    await dialog.getByText("Invited by email as jane@example.test").waitFor();
    await screenshot(host, "host-lobby");
    await dialog.getByRole("button", { name: "Admit Jane Doe (guest)" }).click();
    await jane.getByRole("heading", { name: "You're in" }).waitFor({ timeout: 30_000 });
    const participants = jane.getByRole("list", { name: "Participants" });
    await participants.getByText("Jane Doe (guest)").waitFor({ timeout: 20_000 });
    await participants.getByText("alice").waitFor({ timeout: 20_000 });
    expect(await participants.getByRole("listitem").count()).toBe(2);
    await dialog.getByText("Nobody is waiting.").waitFor({ timeout: 20_000 });
    await screenshot(jane, "guest-in");

    // The call: alice starts it in her dialog and shares her screen; Jane joins and sees it.
    const hostCall = dialog.getByRole("region", { name: "Call" });
    await hostCall.getByRole("button", { name: "Start call" }).click({ timeout: 20_000 });
    await hostCall.getByRole("button", { name: "Share screen" }).click({ timeout: 30_000 });
    const janeCall = jane.getByRole("region", { name: "Call" });
    await janeCall.getByRole("button", { name: "Join call" }).click({ timeout: 30_000 });
    await janeCall.getByText("In the call: 2").waitFor({ timeout: 30_000 });
    await janeCall.getByLabel("Screen shared by alice").waitFor({ timeout: 30_000 });
    await expect
      .poll(
        () =>
          janeCall
            .getByLabel("Screen shared by alice")
            .evaluate((video) => (video as unknown as { videoWidth: number }).videoWidth),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    await screenshot(jane, "guest-sees-screen");

    // The host closes the dialog to read the chat: the call goes on (Jane still has two in the
    // call and alice's screen), and reopening shows the host still in it.
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden", timeout: 5_000 });
    await jane.waitForTimeout(3000);
    await janeCall.getByText("In the call: 2").waitFor({ timeout: 5_000 });
    await janeCall.getByLabel("Screen shared by alice").waitFor({ timeout: 5_000 });
    await host.getByRole("button", { name: "Meeting with guests" }).click();
    await hostCall.getByRole("button", { name: "Leave call" }).waitFor({ timeout: 10_000 });

    // The same link again, in a fresh browser: refused, no account.
    const again = await openAsGuest(link, "Someone Else");
    await again.getByText("This invitation link has already been used.").waitFor({
      timeout: 20_000,
    });
    expect(await again.getByText("Waiting for the host").count()).toBe(0);
    await again.context().close();

    // A second guest is turned away.
    const eve = await openAsGuest(await inviteFromDialog(host, "eve@example.test"), "Eve");
    await eve.getByText("Waiting for the host to let you in…").waitFor({ timeout: 30_000 });
    await dialog.getByRole("button", { name: "Deny Eve (guest)" }).click({ timeout: 30_000 });
    await eve.getByText("The host did not let you in.").waitFor({ timeout: 30_000 });
    await screenshot(eve, "guest-denied");
    await eve.context().close();

    // Ending the meeting removes the admitted guest.
    await dialog.getByRole("button", { name: "End meeting" }).click();
    await dialog.getByRole("button", { name: "End meeting" }).click();
    await screenshot(host, "host-ending");
    // Jane, and Eve too if her 5 s grace after the denial has not run out yet.
    await dialog
      .getByText(/^The meeting has ended\. (1 guest|2 guests) removed\.$/)
      .waitFor({ timeout: 20_000 });
    await jane.getByText("This meeting has ended.").waitFor({ timeout: 60_000 });
    await screenshot(jane, "guest-ended");
    await jane.context().close();
    await hostContext.close();
  });
});
