import { EventEmitter } from "node:events";
import { UserEvent } from "matrix-js-sdk";
import { createRoot, createSignal } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { createPresenceFrom, presenceStateOf, type PresenceClient } from "./createPresence.ts";

type FakeUser = { userId: string; presence: string; events: { presence: object | null } };

class FakeClient extends EventEmitter {
  users = new Map<string, FakeUser>();
  getUser = (id: string) => this.users.get(id) ?? null;
  getPresence = vi.fn((id: string) =>
    id === "@broken:x"
      ? Promise.reject(new Error("500"))
      : Promise.resolve({ presence: "unavailable" }),
  );
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("presenceStateOf", () => {
  it("keeps the three spec states and reads anything else as unknown", () => {
    expect(presenceStateOf("online")).toBe("online");
    expect(presenceStateOf("unavailable")).toBe("unavailable");
    expect(presenceStateOf("offline")).toBe("offline");
    expect(presenceStateOf("busy")).toBe("unknown");
    expect(presenceStateOf(undefined)).toBe("unknown");
  });
});

describe("createPresenceFrom", () => {
  it("starts from known users, asks the server for the rest, follows live updates", async () => {
    const client = new FakeClient();
    const bob: FakeUser = { userId: "@bob:x", presence: "online", events: { presence: {} } };
    client.users.set("@bob:x", bob);
    await createRoot(async (dispose) => {
      const [ids, setIds] = createSignal<readonly string[]>(["@bob:x", "@carol:x"]);
      const presence = createPresenceFrom(client as unknown as PresenceClient, ids);
      await settle();
      expect(presence().get("@bob:x")).toBe("online");
      expect(presence().get("@carol:x")).toBe("unavailable");
      expect(client.getPresence).toHaveBeenCalledTimes(1);

      bob.presence = "unavailable";
      client.emit(UserEvent.Presence, undefined, bob);
      expect(presence().get("@bob:x")).toBe("unavailable");

      setIds(["@bob:x", "@carol:x", "@broken:x"]);
      await settle();
      expect(client.getPresence).toHaveBeenCalledTimes(2);
      expect(presence().has("@broken:x")).toBe(false);
      dispose();
    });
    expect(client.listenerCount(UserEvent.Presence)).toBe(0);
  });
});
