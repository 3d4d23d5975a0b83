import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import { createUserSettings, parseSettings, settingsKeyOf } from "./createUserSettings.ts";

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, value),
  };
}

describe("parseSettings", () => {
  it("falls back to defaults for missing, corrupt or mistyped entries", () => {
    const defaults = { internalTab: false, presence: "online" };
    expect(parseSettings(null)).toEqual(defaults);
    expect(parseSettings("{not json")).toEqual(defaults);
    expect(parseSettings('"text"')).toEqual(defaults);
    expect(parseSettings('{"internalTab":"yes","presence":"busy"}')).toEqual(defaults);
    expect(parseSettings('{"internalTab":true,"presence":"unavailable","other":1}')).toEqual({
      internalTab: true,
      presence: "unavailable",
    });
  });
});

describe("createUserSettings", () => {
  it("saves per person and reads the choice back", () => {
    const storage = memoryStorage();
    createRoot((dispose) => {
      const alice = createUserSettings("@alice:x", storage);
      expect(alice.settings().internalTab).toBe(false);
      alice.set("internalTab", true);
      expect(alice.settings().internalTab).toBe(true);
      dispose();
    });
    expect(storage.getItem(settingsKeyOf("@alice:x"))).toBe(
      '{"internalTab":true,"presence":"online"}',
    );
    createRoot((dispose) => {
      expect(createUserSettings("@alice:x", storage).settings().internalTab).toBe(true);
      expect(createUserSettings("@bob:x", storage).settings().internalTab).toBe(false);
      dispose();
    });
  });

  it("keeps the choice for the visit when storage refuses writes", () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    createRoot((dispose) => {
      const prefs = createUserSettings("@alice:x", storage);
      prefs.set("internalTab", true);
      expect(prefs.settings().internalTab).toBe(true);
      dispose();
    });
  });
});
