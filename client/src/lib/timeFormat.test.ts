import { describe, expect, it } from "vitest";
import {
  continuesGroup,
  formatDayLabel,
  formatFileSize,
  formatTime,
  isSameDay,
} from "./timeFormat.ts";

const at = (y: number, m: number, d: number, h = 12, min = 0) =>
  new Date(y, m - 1, d, h, min).getTime();

describe("day separators", () => {
  const now = at(2026, 11, 28, 15);
  it("says Today and Yesterday for the last two days", () => {
    expect(formatDayLabel(at(2026, 11, 28, 0, 1), now, "en-GB")).toBe("Today");
    expect(formatDayLabel(at(2026, 11, 27, 23, 59), now, "en-GB")).toBe("Yesterday");
  });
  it("names older days with weekday and date, adding the year only for other years", () => {
    expect(formatDayLabel(at(2026, 11, 24), now, "en-GB")).toMatch(/^Tuesday,? 24 November$/);
    expect(formatDayLabel(at(2025, 12, 31), now, "en-GB")).toMatch(
      /^Wednesday,? 31 December 2025$/,
    );
  });
  it("compares calendar days, not 24-hour spans", () => {
    expect(isSameDay(at(2026, 11, 27, 23, 59), at(2026, 11, 28, 0, 1))).toBe(false);
    expect(isSameDay(at(2026, 11, 28, 0, 1), at(2026, 11, 28, 23, 59))).toBe(true);
  });
});

describe("grouping", () => {
  const a = { sender: "@a:x", ts: at(2026, 11, 28, 10, 0) };
  it("groups a run from the same sender within five minutes", () => {
    expect(continuesGroup(a, { sender: "@a:x", ts: a.ts + 4 * 60_000 })).toBe(true);
  });
  it("starts a new group for another sender, a long pause, a new day or the first message", () => {
    expect(continuesGroup(undefined, a)).toBe(false);
    expect(continuesGroup(a, { sender: "@b:x", ts: a.ts + 1000 })).toBe(false);
    expect(continuesGroup(a, { sender: "@a:x", ts: a.ts + 6 * 60_000 })).toBe(false);
    const late = { sender: "@a:x", ts: at(2026, 11, 28, 23, 58) };
    expect(continuesGroup(late, { sender: "@a:x", ts: late.ts + 3 * 60_000 })).toBe(false);
  });
});

describe("formatTime and formatFileSize", () => {
  it("shows hours and minutes", () => {
    expect(formatTime(at(2026, 11, 28, 9, 5), "en-GB")).toBe("9:05");
    expect(formatTime(at(2026, 11, 28, 14, 5), "en-US")).toBe("2:05 PM");
  });
  it("reads sizes in B, KB, MB", () => {
    expect(formatFileSize(512)).toBe("512 B");
    expect(formatFileSize(3500)).toBe("3.4 KB");
    expect(formatFileSize(2048)).toBe("2 KB");
    expect(formatFileSize(12 * 1024 * 1024)).toBe("12 MB");
  });
});
