import { describe, expect, it } from "vitest";
import { timelineItemOf } from "../../matrix/timelineItem.fixture.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { announcementFor, linkifyText, typingText } from "./timelineText.ts";

const item = (partial: Partial<TimelineItem>): TimelineItem =>
  timelineItemOf({ key: "k", id: "$k", ...partial });

describe("typingText", () => {
  it("names one or two people and summarises more", () => {
    expect(typingText([])).toBe("");
    expect(typingText(["Alice"])).toBe("Alice is typing…");
    expect(typingText(["Alice", "Bob"])).toBe("Alice and Bob are typing…");
    expect(typingText(["A", "B", "C"])).toBe("Several people are typing…");
  });
});

describe("announcementFor", () => {
  it("reads sender and text, files, emotes and encrypted messages", () => {
    expect(announcementFor(item({ body: "hi" }))).toBe("Bob: hi");
    expect(announcementFor(item({ msgtype: "m.emote", body: "waves" }))).toBe("Bob waves");
    expect(
      announcementFor(item({ msgtype: "m.file", file: { mxc: "mxc://x/y", name: "a.pdf" } })),
    ).toBe("Bob sent a file: a.pdf");
    expect(announcementFor(item({ encrypted: true }))).toBe("Bob sent an encrypted message");
  });
});

describe("linkifyText", () => {
  it("turns web addresses into links and leaves the rest as text", () => {
    expect(linkifyText("see https://example.org/a?b=1. and www.lib.org")).toEqual([
      { text: "see " },
      { text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { text: ". and " },
      { text: "www.lib.org", href: "https://www.lib.org" },
    ]);
  });
  it("never links other schemes", () => {
    expect(linkifyText("javascript:alert(1) ftp://x")).toEqual([
      { text: "javascript:alert(1) ftp://x" },
    ]);
  });
});
