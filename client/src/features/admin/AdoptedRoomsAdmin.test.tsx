import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { AdoptedRoomView } from "@staffroom/appservice/contract";
import { AdoptedRoomsAdmin, policyLabel } from "./AdoptedRoomsAdmin.tsx";

const room = (over: Partial<AdoptedRoomView>): AdoptedRoomView => ({
  room_id: "!club:x",
  kind: "other_room",
  name: "Book club",
  status: "adopted",
  excluded: false,
  members: ["@a:x", "@b:x"],
  outsiders: [],
  found_at: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("AdoptedRoomsAdmin", () => {
  it("lists rooms by name and kind and excludes one", async () => {
    const rooms = [
      room({}),
      room({ room_id: "!dm:x", kind: "other_direct", name: "Direct chat: A · B" }),
      room({ room_id: "!out:x", name: "Outside", status: "outside", outsiders: ["@v:y"] }),
    ];
    const setRoomPolicy = vi.fn(async (roomId: string, excluded: boolean) =>
      room({ room_id: roomId, excluded }),
    );
    const api = {
      adoptedRooms: vi.fn(async () => ({ rooms })),
      scanRooms: vi.fn(async () => ({ rooms })),
      setRoomPolicy,
    };
    render(() => <AdoptedRoomsAdmin api={api} />);
    expect(await screen.findByText("Direct chat (created in another client)")).toBeTruthy();
    expect(screen.getByText("Direct chat: A · B")).toBeTruthy();
    expect(screen.getByText(/@v:y is not in the staff directory/)).toBeTruthy();
    // Rooms with outsiders are only listed: nothing to exclude.
    expect(screen.queryByRole("button", { name: "Exclude Outside" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Exclude Book club" }));
    await waitFor(() => expect(setRoomPolicy).toHaveBeenCalledWith("!club:x", true));
    expect(await screen.findByRole("button", { name: "Include Book club" })).toBeTruthy();
  });

  it("words each state", () => {
    expect(policyLabel(room({}))).toBe("Under the policy");
    expect(policyLabel(room({ excluded: true }))).toBe("Excluded from the policy");
  });
});
