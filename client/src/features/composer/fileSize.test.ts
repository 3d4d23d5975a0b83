import { describe, expect, it } from "vitest";
import { formatFileSize, tooLargeMessage } from "./fileSize.ts";

const MB = 1024 ** 2;

describe("formatFileSize", () => {
  it("reads as people write sizes", () => {
    expect(formatFileSize(12)).toBe("12 bytes");
    expect(formatFileSize(1)).toBe("1 byte");
    expect(formatFileSize(320 * 1024)).toBe("320 KB");
    expect(formatFileSize(1.5 * MB)).toBe("1.5 MB");
    expect(formatFileSize(80 * MB)).toBe("80 MB");
    expect(formatFileSize(3 * 1024 * MB)).toBe("3 GB");
  });
});

describe("tooLargeMessage", () => {
  it("names the file, its size and the limit", () => {
    expect(tooLargeMessage({ name: "report.pdf", size: 80 * MB }, 50 * MB)).toBe(
      "report.pdf is 80 MB; the limit is 50 MB.",
    );
  });
  it("shows bytes when the file is only just over the limit", () => {
    expect(tooLargeMessage({ name: "a.bin", size: 50 * MB + 1 }, 50 * MB)).toBe(
      "a.bin is 52,428,801 bytes; the limit is 50 MB.",
    );
  });
  it("allows files at the limit, and everything when the server sets none", () => {
    expect(tooLargeMessage({ name: "a", size: 50 * MB }, 50 * MB)).toBeNull();
    expect(tooLargeMessage({ name: "a", size: 500 * MB }, null)).toBeNull();
  });
});
