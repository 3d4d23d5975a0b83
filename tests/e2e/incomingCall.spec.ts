/**
 * A 1:1 call placed from another Matrix client, as Element Web places one in a two-person room:
 * bob is a plain client (MatrixTestClient) whose media side is a bare RTCPeerConnection in a
 * second browser context (fake microphone), signalling with `m.call.*` room events (VoIP
 * version 1, stream metadata). alice, in Staffroom, sees it ring with Answer / Decline; an
 * answered call carries bob's voice to her page and ends when bob hangs up.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveTestClient } from "../harness/browser.ts";
import type { RoomEvent } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import { sendEvent } from "./timelineSupport.ts";

const env = useTestEnv({
  users: ["alice", "bob"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob"] }],
});
let browser: Browser;
let client: { url: string; close(): Promise<void> };
const contexts: BrowserContext[] = [];
let alicePage: Page;
let bobMedia: Page;
let roomId: string;

// bob's media side: one peer connection, non-trickle offer (all candidates in the SDP).
const PEER_SCRIPT = `
window.rawPeer = {
  async offer() {
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    this.pc = pc;
    for (const track of mic.getTracks()) pc.addTrack(track, mic);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === "complete") resolve();
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState === "complete") resolve();
      });
    });
    return { sdp: pc.localDescription.sdp, streamId: mic.id };
  },
  answer(sdp) { return this.pc.setRemoteDescription({ type: "answer", sdp }).then(() => true); },
  async candidates(list) {
    for (const c of list) if (c.candidate) await this.pc.addIceCandidate(c);
    return this.pc.connectionState;
  },
  close() { this.pc.close(); return true; },
};
`;

const callStats = (page: Page) =>
  page.evaluate("window.__staffroomCallStats()") as Promise<{ audioEnergy: number } | null>;

beforeAll(async () => {
  await env().appservice.sync.idle();
  client = await serveTestClient(env().synapse, env().appserviceUrl);
  browser = await launchBrowser({ media: true });
  const direct = await fetch(`${env().appserviceUrl}/api/direct`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env().getUser("bob").accessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ user_id: env().getUser("alice").userId }),
  });
  roomId = ((await direct.json()) as { room_id: string }).room_id;

  const aliceContext = await browser.newContext({ permissions: ["microphone", "camera"] });
  const mediaContext = await browser.newContext({ permissions: ["microphone", "camera"] });
  contexts.push(aliceContext, mediaContext);
  await aliceContext.addInitScript({
    content: `localStorage.setItem("staffroom.testOptions", '{"exposeCallStats": true}');`,
  });
  alicePage = await aliceContext.newPage();
  await alicePage.goto(client.url);
  await alicePage.getByLabel("Username").fill("alice");
  await alicePage.getByLabel("Password").fill(env().passwordOf("alice"));
  await alicePage.getByRole("button", { name: "Sign in" }).click();
  await alicePage.getByRole("button", { name: /^bob(,|$)/ }).click({ timeout: 30_000 });
  await alicePage.getByRole("heading", { level: 2, name: "bob" }).waitFor({ timeout: 20_000 });

  bobMedia = await mediaContext.newPage();
  await bobMedia.goto(`${client.url}/config.json`);
  await bobMedia.evaluate(PEER_SCRIPT);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await client?.close();
});

/** bob sends an invite with his peer connection's offer; returns the call ID. */
async function invite(callId: string): Promise<void> {
  const offer = (await bobMedia.evaluate("rawPeer.offer()")) as { sdp: string; streamId: string };
  await sendEvent(env().getUser("bob"), roomId, "m.call.invite", {
    call_id: callId,
    party_id: "bobraw",
    version: "1",
    lifetime: 60_000,
    offer: { type: "offer", sdp: offer.sdp },
    "org.matrix.msc3077.sdp_stream_metadata": {
      [offer.streamId]: { purpose: "m.usermedia", audio_muted: false, video_muted: false },
    },
  });
}

/** alice's events of `type` for `callId`, oldest first. */
async function aliceEvents(type: string, callId: string): Promise<RoomEvent[]> {
  const { chunk } = await env()
    .getUser("bob")
    .request<{ chunk: RoomEvent[] }>(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=100`,
    );
  return chunk
    .filter(
      (e) =>
        e.type === type &&
        e.sender === env().getUser("alice").userId &&
        (e.content as { call_id?: string }).call_id === callId,
    )
    .reverse();
}

describe("a call from another Matrix client", () => {
  it("rings in Staffroom, connects on Answer, carries bob's voice, and ends when bob hangs up", async () => {
    await invite("call-answered");
    const ringing = alicePage.getByRole("region", { name: "Incoming call" });
    await ringing.getByText("bob is calling you.").waitFor({ timeout: 20_000 });
    await ringing.getByRole("button", { name: "Answer call" }).click();

    const [answer] = await waitFor("alice's m.call.answer", async () => {
      const events = await aliceEvents("m.call.answer", "call-answered");
      return events.length > 0 ? events : undefined;
    });
    const sdp = (answer!.content as { answer: { sdp: string } }).answer.sdp;
    await bobMedia.evaluate(`rawPeer.answer(${JSON.stringify(sdp)})`);
    await waitFor(
      "bob's peer connection to connect with alice's candidates",
      async () => {
        const batches = await aliceEvents("m.call.candidates", "call-answered");
        const list = batches.flatMap((e) => (e.content as { candidates: unknown[] }).candidates);
        const state = await bobMedia.evaluate(`rawPeer.candidates(${JSON.stringify(list)})`);
        return state === "connected" ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    const call = alicePage.getByRole("region", { name: "Call with bob" });
    await call.getByRole("status").filter({ hasText: "connected" }).waitFor({ timeout: 20_000 });
    const first = await waitFor("alice to hear bob", async () => {
      const stats = await callStats(alicePage);
      return stats && stats.audioEnergy > 0 ? stats : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await callStats(alicePage))?.audioEnergy).toBeGreaterThan(first.audioEnergy);

    await sendEvent(env().getUser("bob"), roomId, "m.call.hangup", {
      call_id: "call-answered",
      party_id: "bobraw",
      version: "1",
      reason: "user_hangup",
    });
    await bobMedia.evaluate("rawPeer.close()");
    await call.waitFor({ state: "detached", timeout: 20_000 });
    await alicePage
      .getByRole("list", { name: "Messages" })
      .getByText(/^Call ended · \d+:\d\d$/)
      .waitFor({ timeout: 20_000 });
  });

  it("sends a reject when alice declines, and says so in the chat", async () => {
    await invite("call-declined");
    const ringing = alicePage.getByRole("region", { name: "Incoming call" });
    await ringing.getByRole("button", { name: "Decline call" }).click({ timeout: 20_000 });
    await waitFor("alice's m.call.reject", async () =>
      (await aliceEvents("m.call.reject", "call-declined")).length > 0 ? true : undefined,
    );
    await ringing.waitFor({ state: "detached", timeout: 10_000 });
    await alicePage
      .getByRole("list", { name: "Messages" })
      .getByText("Call declined")
      .waitFor({ timeout: 20_000 });
    await bobMedia.evaluate("rawPeer.close()");
  });
});
