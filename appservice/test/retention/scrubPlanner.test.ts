import { describe, expect, it } from "vitest";
import {
  boundaryAfterMarker,
  emptyScan,
  mediaOf,
  parseMxc,
  scanPage,
  scrubScope,
  type TimelineEvent,
} from "../../src/retention/scrubPlanner.ts";

const msg = (id: string, ts: number, content: Record<string, unknown> = {}): TimelineEvent => ({
  event_id: id,
  type: "m.room.message",
  origin_server_ts: ts,
  content: { msgtype: "m.text", body: id, ...content },
});
const state = (id: string, ts: number): TimelineEvent => ({
  event_id: id,
  type: "m.room.member",
  state_key: "@a:x",
  origin_server_ts: ts,
});

describe("scrubScope", () => {
  it("takes managed rooms and direct rooms once each, and nothing else", () => {
    expect(
      scrubScope(
        [
          { roomId: "!space", kind: "space" },
          { roomId: "!all", kind: "all_staff" },
          { roomId: "!it", kind: "department" },
          { roomId: "!odd", kind: "something-else" },
          { roomId: "!it", kind: "department" },
        ],
        [{ roomId: "!dm" }, { roomId: null }, { roomId: "!all" }],
      ),
    ).toEqual([
      { roomId: "!space", kind: "space" },
      { roomId: "!all", kind: "all_staff" },
      { roomId: "!it", kind: "department" },
      { roomId: "!dm", kind: "direct" },
    ]);
  });
});

describe("scanPage", () => {
  it("counts the old prefix and stops at the first newer non-state event", () => {
    const { scan, done } = scanPage(
      emptyScan(),
      [
        state("$create", 500), // newer state never stops the scan and never counts
        msg("$a", 10),
        { event_id: "$r", type: "m.reaction", origin_server_ts: 20, content: {} },
        msg("$f", 30, { msgtype: "m.file", url: "mxc://x/file1" }),
        msg("$new", 100),
        msg("$older-after-newer", 40),
      ],
      100,
    );
    expect(done).toBe(true);
    expect(scan).toEqual({
      events: 3,
      messages: 2,
      media: ["mxc://x/file1"],
      boundaryEventId: "$new",
      steps: [],
      stepDue: false,
      lastOldEventId: "$f",
    });
  });

  it("continues across pages and leaves the boundary open when everything is old", () => {
    const first = scanPage(emptyScan(), [msg("$a", 1)], 100);
    expect(first.done).toBe(false);
    const second = scanPage(
      first.scan,
      [msg("$b", 2, { url: "mxc://x/i" }), msg("$c", 3, { url: "mxc://x/i" })],
      100,
    );
    expect(second).toEqual({
      done: false,
      scan: {
        events: 3,
        messages: 3,
        media: ["mxc://x/i"],
        boundaryEventId: undefined,
        steps: [],
        stepDue: false,
        lastOldEventId: "$c",
      },
    });
  });

  it("puts the boundary right after the last old message, so later state stays", () => {
    const { scan, done } = scanPage(
      emptyScan(),
      [msg("$a", 1), state("$join", 500), state("$name", 600)],
      100,
    );
    expect(done).toBe(false);
    expect(scan.boundaryEventId).toBe("$join");
  });

  it("collects a step boundary after every N-th old event, across pages and state", () => {
    const first = scanPage(emptyScan(), [msg("$1", 1), msg("$2", 2), state("$s", 3)], 100, 2);
    expect(first.scan.steps).toEqual(["$s"]);
    const second = scanPage(first.scan, [msg("$3", 4), msg("$4", 5)], 100, 2);
    // The 4th old event closes a step whose boundary is on the next page.
    expect(second.scan).toMatchObject({ steps: ["$s"], stepDue: true, events: 4 });
    const third = scanPage(second.scan, [msg("$new", 100)], 100, 2);
    expect(third).toMatchObject({ done: true, scan: { steps: ["$s", "$new"] } });
    expect(third.scan.boundaryEventId).toBe("$new");
    expect(scanPage(emptyScan(), [msg("$1", 1), msg("$2", 2)], 100).scan.steps).toEqual([]);
  });

  it("keeps the cutoff instant itself", () => {
    const { scan, done } = scanPage(emptyScan(), [msg("$old", 99), msg("$edge", 100)], 100);
    expect(done).toBe(true);
    expect(scan).toMatchObject({ events: 1, boundaryEventId: "$edge" });
  });
});

describe("media helpers", () => {
  it("finds url, encrypted file url and thumbnails", () => {
    expect(
      mediaOf({
        url: "mxc://x/a",
        file: { url: "mxc://x/b" },
        info: { thumbnail_url: "mxc://x/c", thumbnail_file: { url: "mxc://x/d" } },
      }),
    ).toEqual(["mxc://x/a", "mxc://x/b", "mxc://x/c", "mxc://x/d"]);
    expect(mediaOf({ url: "https://example.org/a.png" })).toEqual([]);
  });

  it("parses mxc URIs", () => {
    expect(parseMxc("mxc://staffroom.local/AbC")).toEqual({
      server: "staffroom.local",
      mediaId: "AbC",
    });
    expect(parseMxc("mxc://only-server")).toBeUndefined();
    expect(parseMxc("https://x/y")).toBeUndefined();
  });
});

describe("boundaryAfterMarker", () => {
  const state = (id: string): TimelineEvent => ({
    event_id: id,
    type: "m.room.member",
    state_key: "@x:y",
    origin_server_ts: 500,
  });
  it("is the marker when nothing new came between the last old message and it", () => {
    expect(boundaryAfterMarker("$mk", [state("$join"), msg("$old", 1)], "$old", 100)).toBe("$mk");
  });
  it("is the first message that arrived meanwhile, oldest of them", () => {
    const before = [msg("$n2", 200), state("$join"), msg("$n1", 150), msg("$old", 1)];
    expect(boundaryAfterMarker("$mk", before, "$old", 100)).toBe("$n1");
  });
  it("is unknown when the last old message is not among the events read back", () => {
    expect(boundaryAfterMarker("$mk", [msg("$n1", 150)], "$old", 100)).toBeUndefined();
  });
});
