import { render } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { noMedia, timelineItemOf } from "../../matrix/timelineItem.fixture.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import { MessageItem } from "./MessageItem.tsx";

const item = (partial: Partial<TimelineItem>): TimelineItem =>
  timelineItemOf({
    senderName: "Bob Baker",
    ts: new Date(2026, 10, 28, 14, 5).getTime(),
    ...partial,
  });

const renderItem = (value: TimelineItem, groupStart = true, onRetry = vi.fn()) =>
  render(() => (
    <ol>
      <MessageItem
        me="@alice:x"
        media={noMedia}
        item={value}
        roomId="!room:x"
        groupStart={groupStart}
        onRetry={onRetry}
      />
    </ol>
  ));

describe("MessageItem", () => {
  it("shows initials, name and time at the start of a run, and plain text as text", () => {
    const view = renderItem(item({ body: "<b>not bold</b> see https://lib.example/x" }));
    expect(view.getByText("BB")).toBeTruthy();
    expect(view.getByText("Bob Baker")).toBeTruthy();
    expect(view.container.querySelector("time")?.textContent).toMatch(/\d{1,2}:05/);
    expect(view.container.querySelector("b")).toBeNull();
    const link = view.getByRole("link", { name: "https://lib.example/x" });
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("renders formatted_body only through the sanitizer", () => {
    const view = renderItem(
      item({
        body: "hi",
        formattedBody:
          '<b>hi</b><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
      }),
    );
    expect(view.container.querySelector("b")?.textContent).toBe("hi");
    expect(view.container.querySelector("img, script")).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("marks edits, deletions, encrypted messages and failed sends", () => {
    const onRetry = vi.fn();
    expect(renderItem(item({ body: "v2", edited: true })).getByText("(edited)")).toBeTruthy();
    expect(renderItem(item({ redacted: true })).getByText("Message deleted")).toBeTruthy();
    expect(renderItem(item({ encrypted: true })).getByText(/Encrypted message/)).toBeTruthy();
    const failed = renderItem(item({ body: "x", mine: true, sendState: "failed" }), false, onRetry);
    failed.getByRole("button", { name: "Retry" }).click();
    expect(onRetry).toHaveBeenCalledWith("$1");
    expect(failed.queryByText("Bob Baker")).toBeNull();
  });
});
