import type { MediaSource } from "./media.ts";
import type { TimelineItem } from "./timelineItems.ts";

/**
 * A timeline item for tests: a sent text message from bob, with whatever `partial` changes.
 * @param partial - the fields that matter to the test
 * @returns a complete {@link TimelineItem}
 */
export function timelineItemOf(partial: Partial<TimelineItem> = {}): TimelineItem {
  return {
    key: "$1",
    id: "$1",
    sender: "@bob:x",
    senderName: "Bob",
    ts: 0,
    mine: false,
    msgtype: "m.text",
    body: "",
    edited: false,
    redacted: false,
    reactions: [],
    encrypted: false,
    sendState: "sent",
    ...partial,
  };
}

/** Media for components whose items carry none: any request fails the test loudly. */
export const noMedia: MediaSource = {
  load: (mxc) => Promise.reject(new Error(`no media in this test (asked for ${mxc})`)),
  download: (mxc) => Promise.reject(new Error(`no media in this test (asked for ${mxc})`)),
};
