import { EventEmitter } from "node:events";
import * as livekit from "livekit-client";
import type { Room } from "livekit-client";
import { describe, expect, it } from "vitest";
import { followMedia } from "./meetingMedia.ts";

const { RoomEvent, Track } = livekit;

/** The events followMedia listens to, on a plain emitter standing in for a LiveKit room. */
function fakeRoom() {
  const emitter = new EventEmitter();
  const publish = (sid: string, kind: string, source: string, identity: string) =>
    emitter.emit(
      RoomEvent.TrackSubscribed,
      { kind, source, attach: () => undefined, detach: () => undefined },
      { trackSid: sid },
      { identity },
    );
  const unpublish = (sid: string) =>
    emitter.emit(RoomEvent.TrackUnsubscribed, {}, { trackSid: sid }, {});
  return { room: emitter as unknown as Room, publish, unpublish };
}

describe("followMedia", () => {
  it("sorts others' tracks into shared screens and voices, named after the sender", () => {
    const { room, publish, unpublish } = fakeRoom();
    const media = followMedia(livekit, room, (identity) => `name of ${identity}`);
    publish("TR_screen", Track.Kind.Video, Track.Source.ScreenShare, "@a:x:D1");
    publish("TR_camera", Track.Kind.Video, Track.Source.Camera, "@a:x:D1");
    publish("TR_mic", Track.Kind.Audio, Track.Source.Microphone, "@b:x:D2");
    publish("TR_screen_sound", Track.Kind.Audio, Track.Source.ScreenShareAudio, "@a:x:D1");

    expect(media.screens().map((s) => [s.id, s.from])).toEqual([["TR_screen", "name of @a:x:D1"]]);
    expect(media.voices().map((v) => v.id)).toEqual(["TR_mic", "TR_screen_sound"]);

    unpublish("TR_screen");
    unpublish("TR_mic");
    expect(media.screens()).toEqual([]);
    expect(media.voices().map((v) => v.id)).toEqual(["TR_screen_sound"]);
    media.clear();
    expect(media.voices()).toEqual([]);
  });

  it("keeps one entry when a track is subscribed again", () => {
    const { room, publish } = fakeRoom();
    const media = followMedia(livekit, room, (identity) => identity);
    publish("TR_screen", Track.Kind.Video, Track.Source.ScreenShare, "@a:x:D1");
    publish("TR_screen", Track.Kind.Video, Track.Source.ScreenShare, "@a:x:D1");
    expect(media.screens()).toHaveLength(1);
  });
});
