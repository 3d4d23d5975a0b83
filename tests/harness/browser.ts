/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), plus the built web
 * client served with the same-origin proxies `npm start` uses.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { serveClient } from "../../scripts/lib/clientServer.ts";
import { freePort } from "../../scripts/lib/ports.ts";

export const CHROMIUM_PATH = process.env.STAFFROOM_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Chromium flags for WebRTC on one machine: loopback ICE candidates (LiveKit runs on
 * 127.0.0.1), real host addresses instead of mDNS names, and fake camera/microphone devices
 * with the permission prompt answered.
 */
export const WEBRTC_ARGS = [
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--mute-audio",
];

/** Launches headless Chromium with the flags this sandbox needs (plus `extraArgs`). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: apt-get install chromium) ` +
        "or point STAFFROOM_CHROMIUM at a Chromium binary.",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}

/** Serves client/dist on a free port, proxying to the given Synapse and appservice. */
export async function serveTestClient(synapseUrl: string, apiUrl: string) {
  const port = await freePort();
  const server = await serveClient({ host: "127.0.0.1", port, synapseUrl, apiUrl });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/**
 * Throttles a page's uploads (Chrome DevTools Protocol network emulation), e.g. so a progress
 * bar stays on screen long enough to be seen. Returns a function that lifts the limit.
 */
export async function throttleUploads(
  page: Page,
  bytesPerSecond: number,
): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const emulate = (uploadThroughput: number) =>
    cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput,
    });
  await emulate(bytesPerSecond);
  return async () => {
    await emulate(-1);
  };
}
