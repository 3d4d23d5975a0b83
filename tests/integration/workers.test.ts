/**
 * The core paths on Synapse's workers topology (two sync workers, the event persister and stream
 * writer, the media repository, background tasks; PostgreSQL and redis-server; the router with
 * the routing table npm start and docker/nginx share): provisioning and membership sync, direct
 * chats and m.direct, the !faq bot, a scrub run (purges through the main process, media deleted
 * on the media worker), presence, media up and down — each checked, from the processes' own
 * logs, to have been served by the intended process. Then a sync worker is killed under load:
 * its users sync through the other one, and no message is lost.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { processFor } from "@staffroom/appservice/setup";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import {
  api,
  BotHistory,
  contextStatus,
  latestRun,
  mediaStatus,
  readableMessages,
} from "./scrub/history.ts";

const env = useTestEnv({
  users: ["alice", "bob", "carol"],
  admins: ["alice"],
  departments: [{ id: "circ", name: "Circulation", members: ["alice", "bob", "carol"] }],
  synapseWorkers: 2,
});

const workers = () => {
  const running = env().synapse.workers;
  if (!running) throw new Error("the environment has no workers");
  return running;
};
/** Request lines (Synapse's access log) of one process. */
const accessLines = async (name: string): Promise<string[]> =>
  (await readFile(join(workers().logDir, `${name === "main" ? "homeserver" : name}.log`), "utf8"))
    .split("\n")
    .filter((line) => line.includes("Processed request"));
/** Waits until one of the processes has logged serving a request whose line holds every needle. */
const servedBy = (names: string | string[], ...needles: string[]) =>
  waitFor(`${String(names)} to log ${needles.join(" … ")}`, async () => {
    for (const name of [names].flat()) {
      const lines = await accessLines(name);
      if (lines.some((line) => needles.every((needle) => line.includes(needle)))) return true;
    }
    return undefined;
  });
/** No line of process `name` holds every needle. */
const notServedBy = async (name: string, ...needles: string[]) =>
  expect(
    (await accessLines(name)).filter((line) => needles.every((needle) => line.includes(needle))),
  ).toEqual([]);
const enc = encodeURIComponent;

let circ = "";
beforeAll(async () => {
  await env().appservice.sync.idle();
  const db = env().appservice.db;
  circ = ((await db("managed_rooms").where({ kind: "department" }).first()) as { room_id: string })
    .room_id;
});

async function syncOnce(user: MatrixTestClient, since?: string, timeout = 0) {
  const query = new URLSearchParams({ timeout: String(timeout), ...(since ? { since } : {}) });
  return user.request<{ next_batch: string; rooms?: { join?: Record<string, unknown> } }>(
    "GET",
    `/_matrix/client/v3/sync?${query}`,
  );
}

describe("the core paths on Synapse's workers", () => {
  it("provisions the department and joins its members", async () => {
    for (const name of ["alice", "bob", "carol"] as const) {
      expect(await env().getUser("alice").membership(circ, env().getUser(name).userId)).toBe(
        "join",
      );
    }
    const bob = env().getUser("bob");
    const first = await syncOnce(bob);
    expect(Object.keys(first.rooms?.join ?? {})).toContain(circ);
    const home = processFor(workers().topology, {
      path: "/_matrix/client/v3/sync",
      method: "GET",
      authorization: `Bearer ${bob.accessToken}`,
    }).name;
    await servedBy(home, `{${bob.userId}}`, "GET /_matrix/client/v3/sync");
    await notServedBy("main", "GET /_matrix/client/v3/sync");
  });

  it("opens a direct chat and records it in m.direct for both", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    const opened = await api(env().appserviceUrl, alice, "POST", "/api/direct", {
      user_id: bob.userId,
    });
    expect(opened.status).toBe(200);
    const roomId = opened.body["room_id"] as string;
    const direct = await alice.request<Record<string, string[]>>(
      "GET",
      `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/account_data/m.direct`,
    );
    expect(direct[bob.userId]).toContain(roomId);
    const hello = await bob.sendText(roomId, "hello through the workers");
    // Sent through the event persister, read through a sync worker once replication has it.
    await waitFor("the message readable by alice", async () =>
      (await readableMessages(alice, roomId)).includes(hello) ? true : undefined,
    );
    await servedBy("streams", `PUT /_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message`);
    await servedBy(["sync1", "sync2"], `GET /_matrix/client/v3/rooms/${enc(roomId)}/messages`);
  });

  it("answers !faq in the room", async () => {
    const bob = env().getUser("bob");
    await bob.sendText(circ, "!faq help");
    const answer = await bob.waitForRoomEvent({
      roomId: circ,
      eventType: "m.room.message",
      sender: env().botUserId,
      timeoutMs: 20_000,
    });
    expect(answer.content["body"]).toEqual(expect.any(String));
  });

  it("sets presence through the stream writer and others see it", async () => {
    const alice = env().getUser("alice");
    const bob = env().getUser("bob");
    await alice.request(
      "PUT",
      `/_matrix/client/v3/presence/${encodeURIComponent(alice.userId)}/status`,
      { presence: "online", status_msg: "at the desk" },
    );
    const seen = await waitFor("bob to see alice online", async () => {
      const status = await bob.request<{ presence: string; status_msg?: string }>(
        "GET",
        `/_matrix/client/v3/presence/${encodeURIComponent(alice.userId)}/status`,
      );
      return status.presence === "online" ? status : undefined;
    });
    expect(seen.status_msg).toBe("at the desk");
    await servedBy("streams", `PUT /_matrix/client/v3/presence/${enc(alice.userId)}/status`);
  });

  it("uploads and downloads media through the media worker", async () => {
    const bob = env().getUser("bob");
    const bytes = Buffer.from(`rota for ${Date.now()}`);
    const name = `rota-${Date.now()}.txt`;
    const upload = await fetch(
      new URL(`/_matrix/media/v3/upload?filename=${name}`, bob.homeserverUrl),
      {
        method: "POST",
        headers: { authorization: `Bearer ${bob.accessToken}`, "content-type": "text/plain" },
        body: bytes,
      },
    );
    const { content_uri } = (await upload.json()) as { content_uri: string };
    const download = await fetch(
      new URL(`/_matrix/client/v1/media/download/${content_uri.slice(6)}`, bob.homeserverUrl),
      { headers: { authorization: `Bearer ${bob.accessToken}` } },
    );
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    await servedBy("media", `POST /_matrix/media/v3/upload?filename=${name}`);
    await servedBy("media", `GET /_matrix/client/v1/media/download/${content_uri.slice(6)}`);
  });

  it("scrubs old history (purge on main) and its media (on the media worker)", async () => {
    const alice = env().getUser("alice");
    // All Staff: no other test writes there, so its history starts with the old messages (a
    // purge removes the history before the first message newer than the cutoff).
    const allStaff = (
      (await env().appservice.db("managed_rooms").where({ kind: "all_staff" }).first()) as {
        room_id: string;
      }
    ).room_id;
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    const put = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
      scrub_days: 7,
    });
    expect(put.status).toBe(200);
    const old = await bot.sendOldText(allStaff, 20, "three weeks ago");
    const file = await bot.sendOldFile(allStaff, 15);
    const today = await alice.sendText(allStaff, "today");
    expect(await mediaStatus(alice, file.mxc)).toBe(200);
    // The main process hands events to the appservice once replication has brought them from
    // the event persister; with the scrub on, the appservice's ledger records them as they come.
    await waitFor(
      "the appservice to have the old file in its ledger",
      async () =>
        (await env().appservice.db("scrub_ledger").where({ event_id: file.eventId }).first()) as
          object | undefined,
    );
    expect((await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run")).status).toBe(
      202,
    );
    await env().appservice.scrub.idle();
    const run = await latestRun(env().appserviceUrl, alice);
    expect(run).toMatchObject({ status: "succeeded", media_deleted: 1 });
    expect(Number(run?.["events_purged"])).toBeGreaterThanOrEqual(2);
    const left = await readableMessages(alice, allStaff);
    expect(left).toContain(today);
    expect(left).not.toContain(old);
    expect(left).not.toContain(file.eventId);
    expect(await mediaStatus(alice, file.mxc)).toBe(404);
    expect(await contextStatus(alice, allStaff, old)).toBe(404);
    // The purge on the main process, the media deleted by the media worker.
    await servedBy("main", `/_synapse/admin/v1/purge_history/${enc(allStaff)}`);
    await servedBy("media", `DELETE /_synapse/admin/v1/media/${file.mxc.slice(6)}`);
    for (const name of ["sync1", "sync2", "streams", "media"])
      await notServedBy(name, "/_synapse/admin/v1/purge_history");
  });
});

describe("a sync worker dies under load", () => {
  it("moves its users to the other sync worker, and no message is lost", async () => {
    const bob = env().getUser("bob");
    const carol = env().getUser("carol");
    const { topology } = workers();
    const bobsWorker = processFor(topology, {
      path: "/_matrix/client/v3/sync",
      method: "GET",
      authorization: `Bearer ${bob.accessToken}`,
    }).name;
    const bodies = Array.from({ length: 30 }, (_, i) => `load ${i} ${Date.now()}`);
    const seen = new Set<string>();
    let done = false;
    let failures = 0;
    const follow = (async () => {
      let since = (await syncOnce(bob)).next_batch;
      while (!done) {
        try {
          const page = await syncOnce(bob, since, 1000);
          since = page.next_batch;
          for (const body of bodiesIn(page, circ)) seen.add(body);
        } catch {
          failures++;
        }
      }
    })();
    for (const [i, body] of bodies.entries()) {
      if (i === 10) workers().workers.get(bobsWorker)?.child.kill("SIGKILL");
      await carol.sendText(circ, body);
    }
    await waitFor(
      "bob's client to have every message",
      async () => (bodies.every((body) => seen.has(body)) ? true : undefined),
      { timeoutMs: 30_000 },
    );
    done = true;
    await follow;
    // The router moved bob's syncs at once: at most the one request the worker died in.
    expect(failures).toBeLessThanOrEqual(1);
    const served = workers().router.served();
    const other = bobsWorker === "sync1" ? "sync2" : "sync1";
    expect(served[other] ?? 0).toBeGreaterThan(0);
    // Back up, it takes its users again.
    await workers().restartWorker(bobsWorker);
    const before = served[bobsWorker] ?? 0;
    await waitFor(
      "bob's syncs back on his worker",
      async () => {
        await syncOnce(bob);
        return (workers().router.served()[bobsWorker] ?? 0) > before ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );
  });
});

function bodiesIn(page: { rooms?: { join?: Record<string, unknown> } }, roomId: string): string[] {
  const room = page.rooms?.join?.[roomId] as
    { timeline?: { events?: { content?: { body?: unknown } }[] } } | undefined;
  return (room?.timeline?.events ?? []).flatMap((event) =>
    typeof event.content?.body === "string" ? [event.content.body] : [],
  );
}
