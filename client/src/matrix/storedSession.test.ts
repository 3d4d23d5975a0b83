import { describe, expect, it } from "vitest";
import {
  clearSession,
  loadSession,
  saveSession,
  SESSION_STORAGE_KEY,
  type KeyValueStorage,
  type StoredSession,
} from "./storedSession.ts";

const session: StoredSession = {
  userId: "@alice:staffroom.local",
  accessToken: "syt_secret",
  deviceId: "ABCDEF",
  homeserverUrl: "http://127.0.0.1:8080",
};

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & {
  data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe("stored session", () => {
  it("round-trips through storage and clears", () => {
    const storage = memoryStorage();
    saveSession(storage, session);
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? "")).toEqual(session);
    expect(loadSession(storage)).toEqual(session);
    clearSession(storage);
    expect(loadSession(storage)).toBeNull();
    expect(storage.data.size).toBe(0);
  });

  it("works with the browser's localStorage under the documented key", () => {
    saveSession(window.localStorage, session);
    expect(window.localStorage.getItem("staffroom.session")).not.toBeNull();
    expect(loadSession(window.localStorage)).toEqual(session);
    clearSession(window.localStorage);
    expect(window.localStorage.getItem("staffroom.session")).toBeNull();
  });

  it("returns null when nothing is stored", () => {
    expect(loadSession(memoryStorage())).toBeNull();
  });

  it("ignores and removes corrupt JSON", () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: "{not json" });
    expect(loadSession(storage)).toBeNull();
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it("ignores entries with missing or mistyped fields", () => {
    for (const bad of ["null", "[]", '"x"', JSON.stringify({ ...session, accessToken: 5 })]) {
      expect(loadSession(memoryStorage({ [SESSION_STORAGE_KEY]: bad }))).toBeNull();
    }
    const { deviceId: _omit, ...partial } = session;
    expect(
      loadSession(memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify(partial) })),
    ).toBeNull();
  });

  it("survives storage that throws (privacy modes)", () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => undefined,
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(loadSession(broken)).toBeNull();
    expect(() => clearSession(broken)).not.toThrow();
  });
});
