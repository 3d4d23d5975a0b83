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
