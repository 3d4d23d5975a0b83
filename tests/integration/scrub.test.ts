import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";
import {
  BotHistory,
  DAY,
  api,
  contextStatus,
  currentState,
  latestRun,
  linesWith,
  mediaStatus,
  previewCounts,
  readableMessages,
} from "./scrub/history.ts";

// Scrub retention on a real Synapse, history backdated by timestamp massaging: nothing newer than
// the cutoff nor in an unmanaged room is removed; nothing older can be read back in a managed
// room, the last message included; purged media is gone; the preview counts what the run
// removes; later runs plan from the event ledger; the admin API.

const env = useTestEnv({
  users: ["alice", "bob"],
  admins: ["alice"],
  departments: [{ id: "ref", name: "Reference", members: ["alice", "bob"] }],
});

type Fixture = {
  dept: string;
  allStaff: string;
  direct: string;
  unmanaged: string;
  old: { dept: string[]; allStaff: string[]; direct: string[]; unmanaged: string[] };
  mxc: string;
  fresh: { dept: string; direct: string };
};
let fx: Fixture;

beforeAll(async () => {
  await env().appservice.sync.idle();
  const db = env().appservice.db;
  const roomOf = async (kind: string) =>
    ((await db("managed_rooms").where({ kind }).first()) as { room_id: string }).room_id;
  const alice = env().getUser("alice");
  const bob = env().getUser("bob");
  const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
  const dept = await roomOf("department");
  const allStaff = await roomOf("all_staff");
  const opened = await api(env().appserviceUrl, alice, "POST", "/api/direct", {
    user_id: bob.userId,
  });
  const direct = opened.body["room_id"] as string;
  const unmanaged = await bot.createUnmanagedRoom();

  const file = await bot.sendOldFile(dept, 15);
  const old = {
    dept: [
      await bot.sendOldText(dept, 30, "a month ago"),
      file.eventId,
      await bot.sendOldText(dept, 10, "ten days ago"),
    ],
    // All Staff's newest message is old too: Synapse alone would keep it.
    allStaff: [
      await bot.sendOldText(allStaff, 20, "old news"),
      await bot.sendOldText(allStaff, 8, "last word"),
    ],
    direct: [await bot.sendOldText(direct, 9, "psst")],
    unmanaged: [
      await bot.sendOldText(unmanaged, 40, "keep me"),
      await bot.sendOldText(unmanaged, 30, "keep me too"),
    ],
  };
  // Sorted by date on purpose: ts massaging does not reorder the timeline.
  const fresh = {
    dept: await bot.sendOldText(dept, 6, "six days ago: stays"),
    direct: await bob.sendText(direct, "today: stays"),
  };
  await alice.sendText(dept, "today");
  fx = { dept, allStaff, direct, unmanaged, old, mxc: file.mxc, fresh };
}, 60_000);

describe("admin settings and scrub API", () => {
  it("refuses non-admins every admin route with 403", async () => {
    const bob = env().getUser("bob");
    for (const [method, path] of [
      ["GET", "/api/admin/settings"],
      ["PUT", "/api/admin/settings"],
      ["POST", "/api/admin/scrub/preview"],
      ["POST", "/api/admin/scrub/run"],
      ["GET", "/api/admin/scrub/runs"],
    ] as const) {
      const body = method === "PUT" ? { scrub_days: 1 } : undefined;
      const answer = await api(env().appserviceUrl, bob, method, path, body);
      expect(answer, `${method} ${path}`).toMatchObject({
        status: 403,
        body: { errcode: "M_FORBIDDEN" },
      });
    }
  });

  it("starts off, rejects bad values naming the field, and refuses previews while off", async () => {
    const alice = env().getUser("alice");
    expect((await api(env().appserviceUrl, alice, "GET", "/api/admin/settings")).body).toEqual({
      scrub_days: null,
    });
    for (const bad of [0, 3651, 1.5, "7", undefined]) {
      const answer = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
        scrub_days: bad,
      });
      expect(answer.status, String(bad)).toBe(400);
      expect(answer.body["error"]).toMatch(/scrub_days/);
    }
    expect((await api(env().appserviceUrl, alice, "GET", "/api/admin/settings")).body).toEqual({
      scrub_days: null,
    });
    const preview = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/preview");
    expect(preview).toMatchObject({ status: 409, body: { errcode: "STAFFROOM_SCRUB_OFF" } });
  });
});

describe("a scrub run", () => {
  let previewTotals: Record<string, number>;

  it("turns on with an audit entry and publishes m.room.retention in the managed rooms", async () => {
    const alice = env().getUser("alice");
    const put = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
      scrub_days: 7,
    });
    expect(put).toEqual({ status: 200, body: { scrub_days: 7 } });
    const audit = (await env().appservice.db("audit_log").where({ action: "settings.update" })) as {
      actor: string;
      details: unknown;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe(alice.userId);
    const details: unknown =
      typeof audit[0]?.details === "string" ? JSON.parse(audit[0].details) : audit[0]?.details;
    expect(details).toEqual({ old: null, new: 7 });
    for (const room of [fx.dept, fx.allStaff, fx.direct]) {
      const state = await alice.request(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/state/m.room.retention/`,
      );
      expect(state).toEqual({ max_lifetime: 7 * DAY });
    }
  });

  it("previews per room what would go, and nothing of unmanaged rooms", async () => {
    const alice = env().getUser("alice");
    const { status, body } = await api(
      env().appserviceUrl,
      alice,
      "POST",
      "/api/admin/scrub/preview",
    );
    expect(status).toBe(200);
    const rooms = body["rooms"] as {
      room_id: string;
      messages: number;
      files: number;
      events: number;
    }[];
    const byRoom = new Map(rooms.map((r) => [r.room_id, r]));
    expect(byRoom.get(fx.dept)).toMatchObject({ messages: 3, files: 1 });
    expect(byRoom.get(fx.allStaff)).toMatchObject({ messages: 2, files: 0 });
    expect(byRoom.get(fx.direct)).toMatchObject({ messages: 1, files: 0 });
    expect(byRoom.has(fx.unmanaged)).toBe(false);
    previewTotals = body["totals"] as Record<string, number>;
    expect(previewTotals).toMatchObject({ messages: 6, files: 1 });
  });

  it("removes what the preview counted, keeps everything newer and every unmanaged room", async () => {
    const alice = env().getUser("alice");
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    const cutoff = Date.now() - 7 * DAY;
    // Before the run: the events after each room's first old message that are at or after
    // the cutoff (the provisioning state before the backdated history is a test artefact),
    // and each room's current state.
    const managed = [fx.dept, fx.allStaff, fx.direct];
    const newer: string[] = [];
    const stateBefore = new Map<string, string[]>();
    for (const room of managed) {
      newer.push(...(await bot.newerAfterFirstOld(room, cutoff)));
      stateBefore.set(room, await currentState(alice, room));
    }
    const started = await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run");
    expect(started).toMatchObject({
      status: 202,
      body: { status: "running", started_by: alice.userId },
    });
    await env().appservice.scrub.idle();
    const run = await latestRun(env().appserviceUrl, alice);
    expect(run).toMatchObject({
      id: started.body["id"],
      status: "succeeded",
      trigger: "manual",
      events_purged: previewTotals["events"],
      media_deleted: 1,
      errors: [],
    });
    expect(run?.["rooms"]).toBeGreaterThanOrEqual(4);

    const after = new Set<string>();
    for (const room of [fx.dept, fx.allStaff, fx.direct]) {
      for (const e of await bot.adminTimeline(room)) after.add(e.event_id);
    }
    expect(newer.filter((id) => !after.has(id))).toEqual([]);
    // Purges never delete state: every room's current state is what it was (plus the marker).
    for (const room of managed) {
      expect(await currentState(alice, room)).toEqual(
        expect.arrayContaining(stateBefore.get(room) ?? []),
      );
    }
    for (const room of [fx.dept, fx.allStaff, fx.direct]) {
      const left = (await bot.adminTimeline(room)).filter(
        (e) => e.state_key === undefined && e.origin_server_ts < cutoff,
      );
      expect(left, `admin API still shows old events in ${room}`).toEqual([]);
    }
    for (const [room, ids] of [
      [fx.dept, fx.old.dept],
      [fx.allStaff, fx.old.allStaff],
      [fx.direct, fx.old.direct],
    ] as const) {
      const readable = await readableMessages(alice, room);
      for (const id of ids) {
        expect(readable).not.toContain(id);
        expect(await contextStatus(alice, room, id)).toBe(404);
        expect(await bot.adminContextStatus(room, id)).toBe(404);
      }
    }
    expect(await mediaStatus(alice, fx.mxc)).toBe(404);

    expect(await readableMessages(alice, fx.dept)).toContain(fx.fresh.dept);
    expect(await readableMessages(alice, fx.direct)).toContain(fx.fresh.direct);
    const unmanaged = (await bot.adminTimeline(fx.unmanaged)).map((e) => e.event_id);
    for (const id of fx.old.unmanaged) {
      expect(unmanaged).toContain(id);
      expect(await bot.adminContextStatus(fx.unmanaged, id)).toBe(200);
    }
  });

  it("plans the next run from the ledger: what arrived since is counted and removed, no history is read back", async () => {
    const alice = env().getUser("alice");
    const bot = new BotHistory(env().synapse.url, env().synapse.secrets.as_token);
    const db = env().appservice.db;
    // The first run read each room's history into the ledger once; from now on Synapse's
    // transactions keep it current.
    const complete = await db("scrub_ledger_rooms").pluck("room_id");
    expect(complete).toEqual(expect.arrayContaining([fx.dept, fx.allStaff, fx.direct]));
    expect(complete).not.toContain(fx.unmanaged);
    // All Staff holds only state (the marker) after the first run: these are its old prefix.
    const late = await bot.sendOldText(fx.allStaff, 12, "recorded live");
    const file = await bot.sendOldFile(fx.allStaff, 11);
    const recorded = () => db("scrub_ledger").whereIn("event_id", [late, file.eventId]);
    await waitFor(
      "the new events in the ledger",
      async () => (await recorded()).length === 2 || undefined,
    );
    const logBefore = (await readFile(env().synapse.logFile, "utf8")).length;
    const counts = await previewCounts(env().appserviceUrl, alice);
    expect(counts.get(fx.allStaff)).toEqual([2, 1]);
    expect(counts.get(fx.dept)).toEqual([0, 0]);
    await api(env().appserviceUrl, alice, "POST", "/api/admin/scrub/run");
    await env().appservice.scrub.idle();
    const run = await latestRun(env().appserviceUrl, alice);
    expect(run).toMatchObject({ status: "succeeded", events_purged: 2, media_deleted: 1 });
    expect(await bot.adminContextStatus(fx.allStaff, late)).toBe(404);
    expect(await bot.adminContextStatus(fx.allStaff, file.eventId)).toBe(404);
    expect(await mediaStatus(alice, file.mxc)).toBe(404);
    expect(await readableMessages(alice, fx.dept)).toContain(fx.fresh.dept);
    const log = (await readFile(env().synapse.logFile, "utf8")).slice(logBefore);
    expect(log).toMatch(/POST \/_synapse\/admin\/v1\/purge_history\//);
    expect(log).not.toMatch(/GET \/_synapse\/admin\/v1\/rooms\/[^ ]+\/messages/);
    // The latency guard timed Synapse before the run: five status lookups of no purge (404).
    const probes = linesWith(log, "GET /_synapse/admin/v1/purge_history_status/staffroom-latency");
    expect(probes).toHaveLength(5);
    for (const line of probes) expect(line).toMatch(/ 404 /);
  });

  it("turning it off neutralises m.room.retention and keeps old runs listed", async () => {
    const alice = env().getUser("alice");
    const put = await api(env().appserviceUrl, alice, "PUT", "/api/admin/settings", {
      scrub_days: null,
    });
    expect(put).toEqual({ status: 200, body: { scrub_days: null } });
    const state = await alice.request(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(fx.dept)}/state/m.room.retention/`,
    );
    expect(state).toEqual({ min_lifetime: 0 });
    const runs = await api(env().appserviceUrl, alice, "GET", "/api/admin/scrub/runs");
    expect(runs.body["runs"]).toHaveLength(2);
    // Nothing is recorded while off: the ledger is empty (turning on again reads history once).
    const db = env().appservice.db;
    expect(await db("scrub_ledger").select("event_id")).toEqual([]);
    expect(await db("scrub_ledger_rooms").select("room_id")).toEqual([]);
  });
});
