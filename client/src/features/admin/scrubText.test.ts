import { describe, expect, it } from "vitest";
import {
  formatCutoff,
  kindLabel,
  roomCount,
  roomLabel,
  runNowQuestion,
  UNNAMED_ROOM,
} from "./scrubText.ts";

// 7 November 2026, 14:30 UTC.
const CUTOFF = Date.UTC(2026, 10, 7, 14, 30);

describe("roomLabel", () => {
  it("shows the name, or a clear fallback for none or a blank one", () => {
    expect(roomLabel("Circulation")).toEqual({ name: "Circulation", unnamed: false });
    expect(roomLabel(" Book club ")).toEqual({ name: "Book club", unnamed: false });
    for (const none of [null, undefined, "", "   "]) {
      expect(roomLabel(none)).toEqual({ name: UNNAMED_ROOM, unnamed: true });
    }
    expect(UNNAMED_ROOM).toBe("Unnamed room");
  });
});

describe("kindLabel", () => {
  it("keeps the kind labels admins know", () => {
    expect(kindLabel("department")).toBe("Department");
    expect(kindLabel("other_direct")).toBe("Direct chat (created in another client)");
    expect(kindLabel("other_room")).toBe("Other staff room");
  });
});

describe("the Run now question", () => {
  it("names the cutoff in the admin's locale and zone", () => {
    expect(formatCutoff(CUTOFF, "en-GB", "UTC")).toBe("7 November 2026 at 14:30");
    expect(formatCutoff(CUTOFF, "en-US", "America/New_York")).toMatch(
      /^November 7, 2026 at 9:30\s?AM$/u,
    );
    expect(formatCutoff(CUTOFF, "de-DE", "Europe/Berlin")).toBe("7. November 2026 um 15:30");
  });

  it("says how many rooms and that it cannot be undone", () => {
    expect(runNowQuestion(CUTOFF, 12, "en-GB", "UTC")).toBe(
      "Delete all internal chat history before 7 November 2026 at 14:30 in 12 rooms? This cannot be undone.",
    );
    expect(roomCount(1)).toBe("1 room");
    expect(roomCount(0)).toBe("0 rooms");
  });
});
