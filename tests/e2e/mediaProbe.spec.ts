/**
 * What headless Debian Chromium does with media, checked before the call features rely on it:
 * screen capture started by a real click (and refused without one), and two browser contexts
 * talking WebRTC over loopback with the flags in MEDIA_FLAGS. A tiny page is served locally; no
 * Synapse, no client build. The capture details are printed so a changed Chromium shows up in
 * the test output.
 */
import { createServer, type Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.ts";
import { launchBrowser } from "../harness/browser.ts";
import { waitFor } from "../harness/waitFor.ts";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body><button id="share">Share</button><output id="result"></output><script>
let captured = null;
let pc = null;
window.onLoadOutcome = null;
if (location.search === "?on-load") {
  navigator.mediaDevices.getDisplayMedia({ video: true }).then(
    (stream) => { stream.getTracks().forEach((track) => track.stop()); window.onLoadOutcome = "granted"; },
    (error) => { window.onLoadOutcome = error.name; },
  );
}
document.getElementById("share").addEventListener("click", () => {
  navigator.mediaDevices.getDisplayMedia({ video: true, audio: true }).then(
    (stream) => {
      captured = stream;
      const [video] = stream.getVideoTracks();
      document.getElementById("result").textContent = JSON.stringify({
        video: video ? { label: video.label, readyState: video.readyState,
          displaySurface: video.getSettings().displaySurface ?? null } : null,
        audioTracks: stream.getAudioTracks().length,
      });
    },
    (error) => { document.getElementById("result").textContent = "error: " + error.name; },
  );
});
// Non-trickle signalling: each side waits for ICE gathering, then hands over its full SDP.
async function gathered() {
  await new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") resolve();
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") resolve();
    });
  });
  return pc.localDescription.sdp;
}
window.probeOffer = async () => {
  const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
  pc = new RTCPeerConnection();
  for (const track of captured.getVideoTracks()) pc.addTrack(track, captured);
  for (const track of mic.getAudioTracks()) pc.addTrack(track, mic);
  await pc.setLocalDescription(await pc.createOffer());
  return gathered();
};
window.probeAnswer = async (sdp) => {
  pc = new RTCPeerConnection();
  // Received audio is rendered (and measured) only while a media element plays it.
  pc.addEventListener("track", (event) => {
    if (event.track.kind !== "audio") return;
    const audio = document.createElement("audio");
    audio.srcObject = new MediaStream([event.track]);
    document.body.append(audio);
    void audio.play();
  });
  await pc.setRemoteDescription({ type: "offer", sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  return gathered();
};
window.probeComplete = (sdp) => pc.setRemoteDescription({ type: "answer", sdp }).then(() => true);
window.probeCaptured = () => captured !== null;
window.probeInbound = async () => {
  const result = { connection: pc.connectionState, framesDecoded: 0, audioEnergy: 0 };
  for (const report of (await pc.getStats()).values()) {
    if (report.type !== "inbound-rtp") continue;
    if (report.kind === "video") result.framesDecoded = report.framesDecoded ?? 0;
    if (report.kind === "audio") result.audioEnergy = report.totalAudioEnergy ?? 0;
  }
  return result;
};
</script></body></html>`;

/** Calls one of the page's probe functions (the tests compile without the DOM library). */
const call = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;

type Capture = {
  video: { label: string; readyState: string; displaySurface: string | null } | null;
  audioTracks: number;
};

let browser: Browser;
let server: Server;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${port}/`;
  browser = await launchBrowser({ media: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openPage(query = ""): Promise<Page> {
  const context = await browser.newContext({ permissions: ["microphone", "camera"] });
  const page = await context.newPage();
  await page.goto(`${url}${query}`);
  return page;
}

describe("headless Chromium media (probe)", () => {
  it("captures the screen when getDisplayMedia is started by a click", async () => {
    const page = await openPage();
    await page.getByRole("button", { name: "Share" }).click();
    const text = await waitFor("the capture result", async () => {
      const value = await page.locator("#result").textContent();
      return value ? value : undefined;
    });
    // Recorded for whoever reads the run: which fake source Chromium picked.
    process.stdout.write(`getDisplayMedia after a click: ${text}\n`);
    expect(text.startsWith("error")).toBe(false);
    const capture = JSON.parse(text) as Capture;
    expect(capture.video?.readyState).toBe("live");
    await page.context().close();
  });

  it("grants getDisplayMedia without a user gesture too, under the fake media UI", async () => {
    // Chromium's own rule (transient activation required) lives in the permission-prompt layer,
    // which --use-fake-ui-for-media-stream replaces: a script running on page load, with no
    // gesture at all, gets the screen here. So this suite cannot prove "a click is needed"; the
    // product code still starts every capture from the user's click (docs/contracts.md).
    const page = await openPage("?on-load");
    const onLoad = await waitFor("the on-load capture outcome", () =>
      call<string | null>(page, "onLoadOutcome").then((value) => value ?? undefined),
    );
    process.stdout.write(`getDisplayMedia on page load (no gesture): ${onLoad}\n`);
    expect(onLoad).toBe("granted");
    await page.context().close();
  });

  it("connects two contexts over loopback and decodes the shared screen and the microphone", async () => {
    const [sender, receiver] = [await openPage(), await openPage()];
    await sender.getByRole("button", { name: "Share" }).click();
    await waitFor("the sender's capture", async () =>
      (await call<boolean>(sender, "probeCaptured()")) ? true : undefined,
    );
    const offer = await call<string>(sender, "probeOffer()");
    const answer = await call<string>(receiver, `probeAnswer(${JSON.stringify(offer)})`);
    await call<boolean>(sender, `probeComplete(${JSON.stringify(answer)})`);

    const candidates = offer
      .split("\n")
      .filter((line) => line.startsWith("a=candidate"))
      .map((line) => line.trim());
    process.stdout.write(`sender ICE candidates:\n  ${candidates.join("\n  ")}\n`);

    const inbound = () =>
      call<{ connection: string; framesDecoded: number; audioEnergy: number }>(
        receiver,
        "probeInbound()",
      );
    const first = await waitFor(
      "the receiver to connect and decode frames",
      async () => {
        const stats = await inbound();
        return stats.connection === "connected" && stats.framesDecoded > 0 ? stats : undefined;
      },
      { timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const second = await inbound();
    process.stdout.write(`receiver stats: ${JSON.stringify({ first, second })}\n`);
    expect(second.framesDecoded).toBeGreaterThan(first.framesDecoded);
    expect(second.audioEnergy).toBeGreaterThan(first.audioEnergy);
    await sender.context().close();
    await receiver.context().close();
  });
});
