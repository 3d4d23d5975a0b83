/**
 * Meetings (SFU) benchmark: one presenter shares a screen to viewers in a group meeting
 * on the real stack (throwaway Synapse, the appservice and its token service, livekit-server on
 * loopback, the built client; every person a headless context of one Chromium). Measures
 *   1. the time from the presenter's click on **Share screen** to the first decoded frame of the
 *      shared screen at each viewer (`framesDecoded` > 0, polled every 20 ms in the viewer's page;
 *      both ends `Date.now()` on this machine), p50 and max;
 *   2. the presenter's upload (outbound-rtp `bytesSent` of the screen) over a fixed window with
 *      one viewer and with all viewers, and their ratio: ≈ 1 with an SFU, ≈ viewers with a mesh.
 * The screen is a 640×360 canvas at 15 fps with moving detail; viewers are muted to spare the CPU.
 * Writes its section of docs/benchmarks.md unless `--no-write`.
 *
 *   node --import tsx bench/meeting-sfu.ts [--viewers 5] [--window 10] [--no-write]
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import type { Browser, Locator, Page } from "playwright-core";
import { ensureClientBuilt } from "../scripts/lib/clientServer.ts";
import { ensureLivekit, LIVEKIT_VERSION } from "../scripts/lib/livekitBuild.ts";
import { launchBrowser, serveTestClient } from "../tests/harness/browser.ts";
import { createTestEnv } from "../tests/harness/testEnv.ts";
import { writeBenchmarkSection } from "./lib/benchmarksDoc.ts";
import { resultTable, summarise, type SfuPhase } from "./lib/meetingSfu.ts";

const args = parseArgs({
  options: {
    viewers: { type: "string", default: "5" },
    window: { type: "string", default: "10" },
    "no-write": { type: "boolean", default: false },
  },
}).values;
const VIEWERS = Number(args.viewers);
const WINDOW_MS = Number(args.window) * 1_000;
const WARMUP_MS = 5_000;
if (!Number.isInteger(VIEWERS) || VIEWERS < 2 || VIEWERS > 10)
  throw new Error(`--viewers must be a whole number from 2 to 10, got ${args.viewers}`);
if (!(WINDOW_MS >= 2_000 && WINDOW_MS <= 120_000))
  throw new Error(`--window must be 2–120 seconds, got ${args.window}`);
const say = (line: string) => process.stdout.write(`${line}\n`);

// Every page: the stats hook. The presenter's page also gets the fake screen and notes when
// Share screen is clicked.
const HOOK_SCRIPT = `localStorage.setItem("staffroom.testOptions", '{"exposeCallStats": true}');`;
const PRESENTER_SCRIPT = `
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("button");
  if (button && button.textContent.trim() === "Share screen") window.__shareClickAt = Date.now();
}, true);
navigator.mediaDevices.getDisplayMedia = async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 640;
  canvas.height = 360;
  const context = canvas.getContext("2d");
  let n = 0;
  setInterval(() => {
    n += 1;
    context.fillStyle = "hsl(" + ((n * 7) % 360) + " 60% 40%)";
    context.fillRect(0, 0, 640, 360);
    for (let i = 0; i < 24; i += 1) {
      context.fillStyle = "hsl(" + ((n * 13 + i * 29) % 360) + " 80% 60%)";
      context.fillRect((n * 9 + i * 53) % 600, (i * 37 + n * 3) % 330, 40, 30);
    }
    context.fillStyle = "#fff";
    context.font = "28px sans-serif";
    context.fillText("frame " + n, 20, 340);
  }, 1000 / 15);
  return canvas.captureStream(15);
};`;

type Stats = { screenFramesDecoded: number; videoBytesSent: number; participants: number };
const stats = (page: Page) =>
  page.evaluate("window.__staffroomGroupCallStats()") as Promise<Stats | null>;

// In a viewer's page: resolves with Date.now() at the first decoded frame of a shared screen.
const FIRST_FRAME = `new Promise((resolve) => {
  const tick = async () => {
    const stats = await window.__staffroomGroupCallStats();
    if (stats && stats.screenFramesDecoded > 0) resolve(Date.now());
    else setTimeout(tick, 20);
  };
  tick();
})`;

type Person = { page: Page; meeting: Locator };

async function openMeeting(
  browser: Browser,
  url: string,
  user: string,
  password: string,
  presenter: boolean,
): Promise<Person> {
  const context = await browser.newContext({
    permissions: ["microphone", "camera"],
    viewport: { width: 1000, height: 700 },
  });
  await context.addInitScript({ content: HOOK_SCRIPT + (presenter ? PRESENTER_SCRIPT : "") });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") say(`[${user}] ${message.text().slice(0, 300)}`);
  });
  await page.goto(url);
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /^Circulation(,|$)/ }).click({ timeout: 60_000 });
  await page.getByRole("button", { name: "Call", exact: true }).click({ timeout: 30_000 });
  return { page, meeting: page.getByRole("region", { name: "Call in Circulation" }) };
}

async function join(person: Person, first: boolean): Promise<void> {
  const label = first ? "Start call" : "Join call";
  await person.meeting.getByRole("button", { name: label }).click({ timeout: 30_000 });
  await person.meeting.getByRole("button", { name: "Leave call" }).waitFor({ timeout: 60_000 });
}

async function mute(person: Person, name: string): Promise<void> {
  await person.meeting.getByRole("button", { name: "Mute microphone" }).click({ timeout: 30_000 });
  try {
    await person.meeting
      .getByRole("button", { name: "Unmute microphone" })
      .waitFor({ timeout: 30_000 });
  } catch (error) {
    await person.page.screenshot({ path: `/tmp/meeting-sfu-${name}.png` });
    say(`${name}: ${await person.meeting.innerText()}`);
    throw error;
  }
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One share: click, first frames at `viewers`, warm-up, then the upload over the window. */
async function sharePhase(presenter: Person, viewers: Person[]): Promise<SfuPhase> {
  const firstFrames = viewers.map((v) => v.page.evaluate(FIRST_FRAME) as Promise<number>);
  await presenter.meeting.getByRole("button", { name: "Share screen" }).click();
  await presenter.meeting
    .getByRole("button", { name: "Stop sharing" })
    .waitFor({ timeout: 30_000 });
  const seen = await Promise.all(
    firstFrames.map((p) =>
      Promise.race([
        p,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error("a viewer saw no frame within 60 s")), 60_000),
        ),
      ]),
    ),
  );
  const clickedAt = (await presenter.page.evaluate("window.__shareClickAt")) as number;
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const before = (await stats(presenter.page))?.videoBytesSent ?? 0;
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const after = (await stats(presenter.page))?.videoBytesSent ?? 0;
  const windowMs = Date.now() - start;
  await presenter.meeting.getByRole("button", { name: "Stop sharing" }).click();
  await presenter.meeting
    .getByRole("button", { name: "Share screen" })
    .waitFor({ timeout: 30_000 });
  return {
    viewers: viewers.length,
    firstFrameMs: seen.map((at) => at - clickedAt),
    bytesBefore: before,
    bytesAfter: after,
    windowMs,
  };
}

const livekit = await ensureLivekit(say);
if (!livekit.ok) throw new Error(`livekit-server is not available: ${livekit.reason}`);
process.env.STAFFROOM_LIVEKIT_BINARY = livekit.binary;
const viewerNames = Array.from({ length: VIEWERS }, (_, i) => `viewer${i + 1}`);
const users = ["presenter", ...viewerNames];
const env = await createTestEnv({
  users,
  departments: [{ id: "circ", name: "Circulation", members: users }],
  livekit: true,
});
const browser = await launchBrowser({ media: true });
let served: { close(): Promise<void> } | undefined;
try {
  await env.appservice.sync.idle();
  await ensureClientBuilt(say);
  const client = await serveTestClient(env.synapse, env.appserviceUrl);
  served = client;
  const presenter = await openMeeting(
    browser,
    client.url,
    "presenter",
    env.passwordOf("presenter"),
    true,
  );
  const viewers: Person[] = [];
  for (const name of viewerNames)
    viewers.push(await openMeeting(browser, client.url, name, env.passwordOf(name), false));
  const [first, ...rest] = viewers as [Person, ...Person[]];

  await join(presenter, true);
  await mute(presenter, "presenter"); // the measured upload is the screen; the microphone only adds noise
  await join(first, false);
  await mute(first, "viewer1");
  await until(
    "the presenter to see one viewer",
    async () => (await stats(presenter.page))?.participants === 1,
  );
  const one = await sharePhase(presenter, [first]);
  say(`1 viewer: first frame ${one.firstFrameMs[0]} ms, upload measured`);

  for (const viewer of rest) {
    await join(viewer, false);
    await mute(viewer, `viewer${viewers.indexOf(viewer) + 1}`);
  }
  await until(
    `the presenter to see ${VIEWERS} viewers`,
    async () => (await stats(presenter.page))?.participants === VIEWERS,
  );
  const many = await sharePhase(presenter, viewers);
  say(`${VIEWERS} viewers: first frames ${many.firstFrameMs.join(", ")} ms`);

  const summary = summarise(one, many);
  const table = resultTable(summary);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  say(table);
  say(`machine: ${machine}; livekit-server ${LIVEKIT_VERSION}`);
  if (!args["no-write"]) {
    const command = `node --import tsx bench/meeting-sfu.ts${args.viewers === "5" ? "" : ` --viewers ${VIEWERS}`}${args.window === "10" ? "" : ` --window ${args.window}`}`;
    await writeBenchmarkSection(
      "Meetings (SFU)",
      [
        "## Meetings (SFU)",
        "",
        "```sh",
        `${command}   # --viewers N (default 5), --window S (default 10), --no-write`,
        "```",
        "",
        `One presenter shares a screen to ${VIEWERS} viewers in a department room's group meeting: throwaway`,
        `Synapse (tests/harness), the appservice with its token service, livekit-server ${LIVEKIT_VERSION}`,
        "on loopback, the built client; each person is a headless context of one Debian Chromium. The",
        "screen is a 640×360 canvas at 15 fps with moving detail; microphones are muted. First frame:",
        "presenter's click on **Share screen** → a viewer's first decoded frame of it (`framesDecoded` > 0,",
        "polled every 20 ms). Upload: the presenter's outbound-rtp `bytesSent` of the screen over",
        `${WINDOW_MS / 1_000} s, after ${WARMUP_MS / 1_000} s of warm-up, first with one viewer, then with all`,
        `(the presenter stops and shares again). Machine: ${machine}, shared with other work.`,
        `Recorded ${new Date().toISOString().slice(0, 10)}.`,
        "",
        table,
        "",
        `First frames per viewer with ${VIEWERS}: ${many.firstFrameMs.join(", ")} ms. The upload stays`,
        "flat because LiveKit forwards the presenter's one stream to every viewer; the first-frame",
        "time grows with viewers on this machine, where all the browsers' decoders, the presenter's",
        "encoder, Synapse and LiveKit share two cores (not split further).",
        "",
      ].join("\n"),
    );
    say("docs/benchmarks.md: section “Meetings (SFU)” written");
  }
} finally {
  await browser.close();
  await served?.close();
  await env.tearDown();
}
