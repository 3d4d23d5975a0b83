import {
  createClient,
  EventTimeline,
  MatrixEvent,
  Room,
  RoomEvent,
  RoomStateEvent,
  type MatrixClient,
} from "matrix-js-sdk";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createClientTimeline } from "./createTimeline.ts";

const ROOM = "!room:x";
const ME = "@alice:x";

function setup(timelineSupport = false): { client: MatrixClient; room: Room } {
  const client = createClient({
    baseUrl: "http://127.0.0.1:1",
    userId: ME,
    accessToken: "t",
    timelineSupport,
  });
  const room = new Room(ROOM, client, ME, { timelineSupport });
  client.store.storeRoom(room);
  // What the SDK's sync loop does for every room it creates.
  client.reEmitter.reEmit(room, [
    RoomEvent.Timeline,
    RoomEvent.Redaction,
    RoomEvent.LocalEchoUpdated,
    RoomEvent.TimelineReset,
    RoomStateEvent.Events,
  ]);
  return { client, room };
}

let n = 0;
function message(content: Record<string, unknown>, sender = "@bob:x"): MatrixEvent {
  n++;
  return new MatrixEvent({
    event_id: `$m${n}`,
    type: "m.room.message",
    room_id: ROOM,
    sender,
    origin_server_ts: 1_700_000_000_000 + n * 1000,
    content,
  });
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createClientTimeline", () => {
  it("maps live events, applies an edit and follows a redaction", async () => {
    const { client, room } = setup();
    await createRoot(async (dispose) => {
      const timeline = createClientTimeline(client, ROOM, "http://127.0.0.1:1");
      expect(timeline.status()).toBe("ready");
      const original = message({ msgtype: "m.text", body: "helo" });
      await room.addLiveEvents([original], { addToState: false });
      await flush();
      expect(timeline.items.map((i) => i.body)).toEqual(["helo"]);

      const edit = message({
        msgtype: "m.text",
        body: "* hello",
        "m.new_content": { msgtype: "m.text", body: "hello" },
        "m.relates_to": { rel_type: "m.replace", event_id: original.getId() },
      });
      await room.addLiveEvents([edit], { addToState: false });
      await flush();
      expect(timeline.items).toHaveLength(1);
      expect(timeline.items[0]).toMatchObject({ body: "hello", edited: true, senderName: "bob" });

      const redaction = new MatrixEvent({
        event_id: "$redaction",
        type: "m.room.redaction",
        room_id: ROOM,
        sender: "@bob:x",
        redacts: original.getId(),
        origin_server_ts: Date.now(),
        content: {},
      });
      await room.addLiveEvents([redaction], { addToState: false });
      await flush();
      expect(timeline.items[0]).toMatchObject({ redacted: true });
      dispose();
    });
  });

  it("flags rooms with m.room.encryption", async () => {
    const { client, room } = setup();
    await createRoot(async (dispose) => {
      const timeline = createClientTimeline(client, ROOM, "http://127.0.0.1:1");
      expect(timeline.encrypted()).toBe(false);
      const encryption = new MatrixEvent({
        event_id: "$enc",
        type: "m.room.encryption",
        state_key: "",
        room_id: ROOM,
        sender: "@bob:x",
        origin_server_ts: Date.now(),
        content: { algorithm: "m.megolm.v1.aes-sha2" },
      });
      await room.addLiveEvents([encryption], { addToState: true });
      await flush();
      expect(timeline.encrypted()).toBe(true);
      dispose();
    });
  });

  it("removes every SDK listener when its owner is disposed", () => {
    const { client } = setup();
    const events = [RoomEvent.Timeline, RoomEvent.Redaction, RoomEvent.LocalEchoUpdated] as const;
    const before = events.map((e) => client.listenerCount(e));
    createRoot((dispose) => {
      createClientTimeline(client, ROOM, "http://127.0.0.1:1");
      expect(events.map((e) => client.listenerCount(e))).toEqual(before.map((c) => c + 1));
      dispose();
    });
    expect(events.map((e) => client.listenerCount(e))).toEqual(before);
  });
  it("shows history cached before a gap once paging links it to the live timeline", async () => {
    // As the app runs: timelineSupport on, so the SDK keeps (and links) more than one timeline.
    const { client, room } = setup(true);
    await createRoot(async (dispose) => {
      const timeline = createClientTimeline(client, ROOM, "http://127.0.0.1:1");
      // Before the gap: what the store kept from an earlier session, with a token further back.
      const set = room.getUnfilteredTimelineSet();
      const earlier = set.addTimeline();
      set.addEventsToTimeline(
        [
          message({ msgtype: "m.text", body: "old 2" }),
          message({ msgtype: "m.text", body: "old 1" }),
        ],
        true,
        false,
        earlier,
      );
      earlier.setPaginationToken("t-older", EventTimeline.BACKWARDS);
      // After the gap: the live timeline, whose paging has reached the earlier one.
      await room.addLiveEvents([message({ msgtype: "m.text", body: "new" })], {
        addToState: false,
      });
      const live = room.getLiveTimeline();
      live.setPaginationToken(null, EventTimeline.BACKWARDS);
      live.setNeighbouringTimeline(earlier, EventTimeline.BACKWARDS);
      earlier.setNeighbouringTimeline(live, EventTimeline.FORWARDS);
      room.emit(
        RoomEvent.Timeline,
        message({ msgtype: "m.text", body: "tick" }),
        room,
        false,
        false,
        {
          timeline: live,
          liveEvent: false,
        },
      );
      await flush();
      expect(timeline.items.map((i) => i.body)).toEqual(["old 1", "old 2", "new"]);
      // More history lies before the earlier timeline, not before the live one.
      expect(timeline.canPaginateBack()).toBe(true);
      dispose();
    });
  });

  it("opens an older stretch at an event through /context and rejoins the live end", async () => {
    const raw = (id: string, body: string, ts: number) => ({
      event_id: id,
      type: "m.room.message",
      room_id: ROOM,
      sender: "@bob:x",
      origin_server_ts: ts,
      content: { msgtype: "m.text", body },
    });
    const requests: string[] = [];
    const fetchFn = (input: RequestInfo | URL): Promise<Response> => {
      const url = new URL(String(input));
      requests.push(
        `${url.pathname.replace(/^.*\/rooms\/[^/]+/, "")} ${url.searchParams.get("dir") ?? ""}`,
      );
      const json = url.pathname.includes("/context/")
        ? {
            event: raw("$far", "far back", 10),
            events_before: [raw("$before", "before", 9)],
            events_after: [raw("$after", "after", 11)],
            start: "s-before",
            end: "s-after",
            state: [],
          }
        : url.pathname.endsWith("/messages") && url.searchParams.get("dir") === "f"
          ? url.searchParams.get("from") === "s-after"
            ? { chunk: [raw("$between", "between", 12)], start: "s-after", end: "s-mid" }
            : { chunk: [raw("$live", "live", 13)], start: "s-mid", end: "s-now" }
          : url.pathname.endsWith("/messages")
            ? { chunk: [], start: "s-before", end: "s-before" }
            : { errcode: "M_NOT_FOUND", error: "Event not found" };
      const status = "errcode" in json ? 404 : 200;
      return Promise.resolve(new Response(JSON.stringify(json), { status }));
    };
    const client = createClient({
      baseUrl: "http://127.0.0.1:1",
      userId: ME,
      accessToken: "t",
      timelineSupport: true,
      fetchFn,
    });
    const room = new Room(ROOM, client, ME, { timelineSupport: true });
    client.store.storeRoom(room);
    client.reEmitter.reEmit(room, [RoomEvent.Timeline, RoomEvent.TimelineReset]);
    await createRoot(async (dispose) => {
      const timeline = createClientTimeline(client, ROOM, "http://127.0.0.1:1");
      await room.addLiveEvents([new MatrixEvent(raw("$live", "live", 13))], { addToState: false });
      await flush();
      // The live end has no older token: nothing to page, straight to /context.
      room.getLiveTimeline().setPaginationToken(null, EventTimeline.BACKWARDS);

      expect(await timeline.reveal("$far")).toBe(true);
      // The event, with a page on each side of it (none older here, one newer).
      expect(timeline.items.map((i) => i.body)).toEqual(["before", "far back", "after", "between"]);
      expect(timeline.live()).toBe(false);
      expect(timeline.canPaginateForward()).toBe(true);
      expect(await timeline.markRead()).toBe(false);

      await timeline.paginateForward();
      expect(timeline.items.map((i) => i.body)).toEqual([
        "before",
        "far back",
        "after",
        "between",
        "live",
      ]);
      expect(timeline.live()).toBe(true);
      expect(timeline.canPaginateForward()).toBe(false);

      // An event the server no longer has: not found, and the timeline stays as it was.
      expect(await timeline.reveal("$purged")).toBe(false);
      expect(timeline.live()).toBe(true);
      expect(requests.filter((r) => r.startsWith("/context"))).toHaveLength(2);
      dispose();
    });
  });
});
