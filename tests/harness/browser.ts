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
 * Flags for calls between two contexts of one headless Chromium: no permission prompt (the first
 * device of each kind is picked, screen capture included), a fake camera/microphone (test pattern
 * and beep), ICE over the loopback interface, and host candidates as plain IPs instead of `.local`
 * mDNS names that would not resolve here.
 */
export const MEDIA_FLAGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
  "--mute-audio",
] as const;

/**
 * Launches headless Chromium with the flags this sandbox needs.
 * @param options.media adds MEDIA_FLAGS (fake media devices, loopback WebRTC)
 */
export async function launchBrowser(options: { media?: boolean } = {}): Promise<Browser> {
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
      ...(options.media ? MEDIA_FLAGS : []),
    ],
  });
}

/**
 * Serves client/dist on a free port, proxying to the given Synapse (through its proxy socket, as
 * npm start does) and appservice.
 */
export async function serveTestClient(
  synapse: { url: string; proxySocket?: string },
  apiUrl: string,
) {
  const port = await freePort();
  const server = await serveClient({
    host: "127.0.0.1",
    port,
    synapseUrl: synapse.url,
    apiUrl,
    synapseSocket: synapse.proxySocket,
  });
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
