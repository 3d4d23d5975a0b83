import { makeLogger } from "../../lib/logger.ts";

const log = makeLogger("notifications");

/** A person's notification choices in this browser. */
export type NotificationPrefs = {
  /** Browser notifications for new messages; off until the person opts in. */
  enabled: boolean;
  /** A short beep with each notification. */
  sound: boolean;
};

/** Off by default: nobody gets a permission prompt they did not ask for. */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = { enabled: false, sound: false };

/** The storage key for `userId`: per person, as a shared desk computer needs. */
export const notificationPrefsKeyOf = (userId: string): string =>
  `staffroom.notifications.${userId}`;

/**
 * Reads stored prefs, keeping only booleans (an old or hand-edited entry never breaks the app).
 * @param raw - the stored JSON, or null
 * @returns complete prefs
 */
export function parseNotificationPrefs(raw: string | null): NotificationPrefs {
  if (raw === null) return { ...DEFAULT_NOTIFICATION_PREFS };
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== "object" || value === null) return { ...DEFAULT_NOTIFICATION_PREFS };
    const record = value as Record<string, unknown>;
    return {
      enabled: record["enabled"] === true,
      sound: record["sound"] === true,
    };
  } catch {
    return { ...DEFAULT_NOTIFICATION_PREFS };
  }
}

/**
 * Loads the prefs of `userId`.
 * @param storage - usually `window.localStorage`
 * @param userId - the signed-in person
 * @returns the prefs (defaults when unreadable)
 */
export function loadNotificationPrefs(storage: Storage, userId: string): NotificationPrefs {
  try {
    return parseNotificationPrefs(storage.getItem(notificationPrefsKeyOf(userId)));
  } catch (error) {
    log.warn("could not read notification settings; using defaults", error);
    return { ...DEFAULT_NOTIFICATION_PREFS };
  }
}

/**
 * Saves the prefs of `userId`; a refused write (private window, full storage) is logged and the
 * choice still holds for this visit.
 * @param storage - usually `window.localStorage`
 * @param userId - the signed-in person
 * @param prefs - what to save
 */
export function saveNotificationPrefs(
  storage: Storage,
  userId: string,
  prefs: NotificationPrefs,
): void {
  try {
    storage.setItem(notificationPrefsKeyOf(userId), JSON.stringify(prefs));
  } catch (error) {
    log.warn("could not save notification settings", error);
  }
}

/** What decides whether one message raises a notification. */
export type NotifyContext = {
  enabled: boolean;
  permission: NotificationPermission;
  /** The tab is in the background (`document.hidden`). */
  hidden: boolean;
  /** The chat shown in the pane, if any. */
  onScreenRoomId: string | null;
  /** The message's room. */
  roomId: string;
};

/**
 * Notify for chats not on screen, or for any chat while the tab is hidden; never without the
 * setting and the browser's permission.
 * @param context - see {@link NotifyContext}
 * @returns whether to raise a notification
 */
export function shouldNotify(context: NotifyContext): boolean {
  if (!context.enabled || context.permission !== "granted") return false;
  return context.hidden || context.onScreenRoomId !== context.roomId;
}

/**
 * The notification's title and text: "Alice in Reference" / the message. A direct chat is
 * named after the colleague, so its title is just their name.
 * @param message - sender, room name and body
 * @returns title and body (the body cut to a readable length)
 */
export function notificationTextOf(message: { sender: string; roomName: string; body: string }): {
  title: string;
  body: string;
} {
  const title =
    message.roomName === message.sender
      ? message.sender
      : `${message.sender} in ${message.roomName}`;
  const body = message.body.length > 200 ? `${message.body.slice(0, 199)}…` : message.body;
  return { title, body };
}
