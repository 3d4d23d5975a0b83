import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { UploadCancelledError, type UploadProgress } from "../../matrix/upload.ts";
import { createAttachment, type UploadPort } from "./createAttachment.ts";

type Control = {
  progress?: (p: UploadProgress) => void;
  finish?: () => void;
  fail?: (e: unknown) => void;
};

function port(limit: number | null, control: Control, started: File[]): UploadPort {
  return {
    uploadLimit: () => Promise.resolve(limit),
    start(file, onProgress) {
      started.push(file);
      control.progress = onProgress;
      const done = new Promise<void>((resolve, reject) => {
        control.finish = resolve;
        control.fail = reject;
      });
      return {
        done,
        cancel: () => control.fail?.(new UploadCancelledError("cancelled")),
      };
    },
  };
}

const file = (name: string, size: number) => new File([new Uint8Array(size)], name);

describe("createAttachment", () => {
  it("refuses a file over the server limit before uploading anything", async () => {
    const started: File[] = [];
    await createRoot(async (dispose) => {
      const a = createAttachment(port(10, {}, started));
      await a.attach(file("big.bin", 20));
      expect(started).toHaveLength(0);
      expect(a.state()).toEqual({
        status: "failed",
        message: "big.bin is 20 bytes; the limit is 10 bytes.",
      });
      dispose();
    });
  });

  it("reports progress in whole percent and goes idle when done", async () => {
    const control: Control = {};
    await createRoot(async (dispose) => {
      const a = createAttachment(port(null, control, []));
      const running = a.attach(file("a.txt", 4));
      await Promise.resolve();
      await Promise.resolve();
      control.progress?.({ loaded: 1, total: 3 });
      expect(a.state()).toEqual({ status: "uploading", fileName: "a.txt", percent: 33 });
      control.finish?.();
      await running;
      expect(a.state()).toEqual({ status: "idle" });
      dispose();
    });
  });

  it("shows nothing after a cancel, and a readable message after a failure", async () => {
    const control: Control = {};
    await createRoot(async (dispose) => {
      const a = createAttachment(port(null, control, []));
      let running = a.attach(file("a.txt", 4));
      await new Promise((r) => setTimeout(r, 0));
      a.cancel();
      await running;
      expect(a.state()).toEqual({ status: "idle" });
      running = a.attach(file("b.txt", 4));
      await new Promise((r) => setTimeout(r, 0));
      const { UserFacingError } = await import("../../lib/userFacingError.ts");
      control.fail?.(new UserFacingError("The server refused b.txt: it is too large to upload."));
      await running;
      expect(a.state()).toEqual({
        status: "failed",
        message: "The server refused b.txt: it is too large to upload.",
      });
      dispose();
    });
  });
});
