import { describe, expect, it } from "vitest";
import { makeLogger } from "../../src/observability/logger.ts";
import { executeRun } from "../../src/retention/scrubRunner.ts";
import { MemoryEventLedger, MemoryPurgeGateway, MemoryScrubRunStore } from "./memoryScrub.ts";
import { create, daysAgo, ids, newRun, setUp, text } from "./scrubFixture.ts";

// Runs planned from the event ledger, purge steps someone else already did, and several rooms
// at once.
describe("scrub run with the ledger", () => {
  it("plans from a complete ledger without reading history back, and forgets what went", async () => {
    const { gateway, ledger, runs, settings, service } = setUp();
    settings.days = 7;
    // Every room's history arrived live (its m.room.create included).
    for (const [roomId, events] of gateway.timelines) {
      await ledger.recordLive(
        events.map((e) => ({
          room_id: roomId,
          event_id: e.event_id,
          type: e.type,
          origin_server_ts: e.origin_server_ts,
          ...(e.state_key === undefined ? {} : { state_key: e.state_key }),
          media: typeof e.content?.url === "string" ? [e.content.url] : [],
        })),
      );
    }
    ledger.scope = new Set(["!dept", "!all", "!dm"]);
    await ledger.recordLive([
      {
        room_id: "!meeting",
        event_id: "$x",
        type: "m.room.message",
        origin_server_ts: 1,
        media: [],
      },
    ]);
    const preview = await service.preview();
    expect(preview.rooms.map((r) => [r.roomId, r.messages, r.files])).toEqual([
      ["!dept", 1, 1],
      ["!all", 2, 0],
      ["!dm", 0, 0],
    ]);
    const run = await service.start("manual", null);
    await service.idle();
    expect(gateway.reads).toBe(0);
    expect(await runs.get(run.id)).toMatchObject({ eventsPurged: 3, mediaDeleted: 1 });
    expect(ids(gateway.timelines.get("!dept"))).toEqual(["$create", "$d2"]);
    // The purged prefix (and the room outside the scope) left the ledger; boundaries stay.
    // (The fixture's rooms share one "$create" ID, kept once: in !dept, before $d2.)
    const left = ledger.rows.map((r) => `${r.roomId} ${r.event.event_id}`);
    expect(left).toEqual(["!dept $d2", "!dm $m1"]);
  });

  it("skips a purge step whose boundary someone else purged already", async () => {
    const gateway = new MemoryPurgeGateway();
    const old = Array.from({ length: 4 }, (_, i) => text(`$o${i}`, daysAgo(30)));
    gateway.timelines.set("!r", [create, ...old, text("$n", daysAgo(1))]);
    const ledger = new MemoryEventLedger();
    await ledger.addHistory("!r", gateway.timelines.get("!r") ?? []);
    await ledger.markComplete("!r");
    // Synapse's own retention job purged up to $o3 meanwhile.
    await gateway.purgeBefore("!r", "$o3");
    gateway.calls = [];
    const runs = new MemoryScrubRunStore();
    const run = newRun("gone", "schedule");
    await runs.create(run, [{ roomId: "!r", kind: "department" }]);
    const finished = await executeRun(
      {
        gateway,
        ledger,
        runs,
        log: makeLogger("test"),
        shouldStop: () => false,
        pacing: { pageSize: 10, stepEvents: 2, pauseFactor: 0, rooms: 1, latencyLimit: 2 },
      },
      run,
    );
    expect(finished).toMatchObject({ status: "succeeded", errors: [] });
    expect(gateway.calls).toEqual(["purge !r $o2", "purge !r $n"]);
    expect(ids(gateway.timelines.get("!r"))).toEqual(["$create", "$n"]);
  });

  it("works on several rooms at once when asked, and still stops between steps", async () => {
    const { gateway, ledger, runs } = setUp();
    const run = newRun("wide");
    await runs.create(run, [
      { roomId: "!dept", kind: "department" },
      { roomId: "!all", kind: "all_staff" },
      { roomId: "!dm", kind: "direct" },
    ]);
    let inPurge = 0;
    let most = 0;
    gateway.beforePurge = async () => {
      most = Math.max(most, ++inPurge);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inPurge--;
    };
    const deps = {
      gateway,
      ledger,
      runs,
      log: makeLogger("test"),
      pacing: { pageSize: 100, stepEvents: 0, pauseFactor: 0, rooms: 3, latencyLimit: 2 },
    };
    let steps = 0;
    const stopped = await executeRun(
      { ...deps, shouldStop: () => steps >= 2, onProgress: () => Promise.resolve(void steps++) },
      run,
    );
    expect(stopped).toBeUndefined();
    const finished = await executeRun({ ...deps, shouldStop: () => false }, run);
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 3, mediaDeleted: 1 });
    expect(most).toBe(2);
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$marker1"]);
  });

  it("keeps a message sent while the marker was being written (it is newer than the cutoff)", async () => {
    const { gateway, ledger, runs } = setUp();
    const run = newRun("race");
    await runs.create(run, [{ roomId: "!all", kind: "all_staff" }]);
    // The plan sees only old messages in All Staff; someone writes just before the marker.
    gateway.beforeMarker = (roomId) =>
      gateway.timelines.get(roomId)?.push(text("$now", Date.now()));
    const finished = await executeRun(
      { gateway, ledger, runs, log: makeLogger("test"), shouldStop: () => false },
      run,
    );
    expect(finished).toMatchObject({ status: "succeeded", eventsPurged: 2 });
    expect(ids(gateway.timelines.get("!all"))).toEqual(["$create", "$now", "$marker1"]);
  });
});
