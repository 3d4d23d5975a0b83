import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import type { Attachment, AttachmentState } from "./createAttachment.ts";
import { createStagedFiles, type ObjectUrls } from "./createStagedFiles.ts";

const file = (name: string, size: number, type: string): File =>
  new File([new Uint8Array(size)], name, { type });

function urlsOf(): ObjectUrls & { live: Set<string> } {
  const live = new Set<string>();
  let n = 0;
  return {
    live,
    create: () => {
      const url = `blob:${++n}`;
      live.add(url);
      return url;
    },
    revoke: (url) => live.delete(url),
  };
}

/** An attachment flow that fails for the names in `failing`. */
function attachmentOf(failing: string[] = []) {
  const [state, setState] = createSignal<AttachmentState>({ status: "idle" });
  const sent: string[] = [];
  const attachment: Attachment = {
    state,
    attach: vi.fn(async (f: File): Promise<void> => {
      if (failing.includes(f.name)) {
        setState({ status: "failed", message: "no" });
        return;
      }
      sent.push(f.name);
      setState({ status: "idle" });
    }),
    cancel: vi.fn(),
    dismiss: vi.fn(),
  };
  return { attachment, sent };
}

describe("createStagedFiles", () => {
  it("holds pasted files with thumbnails for images, and flags one too large for the server", async () => {
    const urls = urlsOf();
    const staged = createRoot(() => createStagedFiles({ uploadLimit: async () => 1000 }, urls));
    staged.add([file("shot.png", 10, "image/png"), file("big.pdf", 5000, "application/pdf")]);
    expect(staged.files().map((f) => [f.file.name, f.previewUrl])).toEqual([
      ["shot.png", "blob:1"],
      ["big.pdf", undefined],
    ]);
    await vi.waitFor(() =>
      expect(staged.files()[1]?.problem).toMatch(/^big\.pdf is .*; the limit is/),
    );
    expect(staged.files()[0]?.problem).toBeUndefined();
  });

  it("releases a thumbnail when its file is removed and when the chat closes", () => {
    const urls = urlsOf();
    const { staged, dispose } = createRoot((dispose) => ({
      staged: createStagedFiles({ uploadLimit: async () => null }, urls),
      dispose,
    }));
    staged.add([file("a.png", 1, "image/png"), file("b.png", 1, "image/png")]);
    staged.remove(staged.files()[0]?.id ?? "");
    expect([...urls.live]).toEqual(["blob:2"]);
    dispose();
    expect(urls.live.size).toBe(0);
  });

  it("sends each file in order and keeps a failed one and those after it", async () => {
    const staged = createRoot(() => createStagedFiles({ uploadLimit: async () => null }, urlsOf()));
    staged.add([
      file("1.txt", 1, "text/plain"),
      file("2.txt", 1, "text/plain"),
      file("3.txt", 1, "text/plain"),
    ]);
    const { attachment, sent } = attachmentOf(["2.txt"]);
    await staged.sendAll(attachment);
    expect(sent).toEqual(["1.txt"]);
    expect(staged.files().map((f) => f.file.name)).toEqual(["2.txt", "3.txt"]);
  });

  it("skips a file the server would refuse, leaving it for the person to remove", async () => {
    const staged = createRoot(() => createStagedFiles({ uploadLimit: async () => 5 }, urlsOf()));
    staged.add([file("huge.bin", 50, ""), file("ok.txt", 1, "text/plain")]);
    await vi.waitFor(() => expect(staged.files()[0]?.problem).toBeDefined());
    const { attachment, sent } = attachmentOf();
    await staged.sendAll(attachment);
    expect(sent).toEqual(["ok.txt"]);
    expect(staged.files().map((f) => f.file.name)).toEqual(["huge.bin"]);
  });
});
