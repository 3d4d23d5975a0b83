import { createSignal, type Accessor } from "solid-js";
import { makeLogger } from "../../lib/logger.ts";
import type { MyPresence } from "../../matrix/createPresence.ts";

const log = makeLogger("settings");

/** Per-person preferences kept in this browser. */
export type UserSettings = {
  /** Show Internal Chat as its own "Internal" tab instead of inside the Chats tab. */
  internalTab: boolean;
  /** The status the person chose last; put back at the next start (sync would say "online"). */
  presence: MyPresence;
};

/** The defaults for someone who never changed anything. */
export const DEFAULT_SETTINGS: UserSettings = { internalTab: false, presence: "online" };

const PRESENCES: readonly string[] = ["online", "unavailable", "offline"] satisfies MyPresence[];

/** Reactive settings of one person, saved on every change. */
export interface UserSettingsStore {
  /** The current settings. */
  settings: Accessor<UserSettings>;
  /** Changes one setting and saves it. */
  set<K extends keyof UserSettings>(key: K, value: UserSettings[K]): void;
}

/** The storage key for `userId`: per person, so a shared desk computer keeps each one's choice. */
export const settingsKeyOf = (userId: string): string => `staffroom.settings.${userId}`;

/**
 * Reads stored settings, keeping only known keys of the right type (an older or hand-edited
 * entry must never break the app).
 * @param raw - the stored JSON, or null
 * @returns complete settings
 */
export function parseSettings(raw: string | null): UserSettings {
  if (raw === null) return { ...DEFAULT_SETTINGS };
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== "object" || value === null) return { ...DEFAULT_SETTINGS };
    const { internalTab, presence } = value as Record<string, unknown>;
    return {
      internalTab: typeof internalTab === "boolean" ? internalTab : DEFAULT_SETTINGS.internalTab,
      presence:
        typeof presence === "string" && PRESENCES.includes(presence)
          ? (presence as MyPresence)
          : DEFAULT_SETTINGS.presence,
    };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/**
 * Loads the settings of `userId` from `storage` and saves every change back.
 * @param userId - the signed-in person
 * @param storage - usually `window.localStorage`
 * @returns a {@link UserSettingsStore}
 * @example
 * const prefs = createUserSettings(session.userId, window.localStorage);
 * prefs.set("internalTab", true);
 */
export function createUserSettings(userId: string, storage: Storage): UserSettingsStore {
  const key = settingsKeyOf(userId);
  let initial: string | null = null;
  try {
    initial = storage.getItem(key);
  } catch (error) {
    log.warn("could not read settings; using defaults", error);
  }
  const [settings, setSettings] = createSignal(parseSettings(initial));
  return {
    settings,
    set(name, value) {
      const next = { ...settings(), [name]: value };
      setSettings(next);
      try {
        storage.setItem(key, JSON.stringify(next));
      } catch (error) {
        // Private windows and full storage refuse writes; the choice still holds for this visit.
        log.warn("could not save settings", error);
      }
    },
  };
}
