import { createSignal, type Accessor } from "solid-js";
import { createAction, type Action } from "../../lib/createAction.ts";
import { UserFacingError } from "../../lib/userFacingError.ts";
import type { IncomingMessage } from "../../matrix/createNotifications.ts";
import {
  loadNotificationPrefs,
  notificationTextOf,
  saveNotificationPrefs,
  shouldNotify,
  type NotificationPrefs,
} from "./notificationPrefs.ts";

/** The browser's notification API, behind a port so tests need no real `Notification`. */
export interface NotificationPort {
  /** The current permission. */
  permission(): NotificationPermission;
  /** Asks the person (shows the browser prompt when still "default"). */
  requestPermission(): Promise<NotificationPermission>;
  /** Shows one notification; `onClick` runs when the person clicks it. */
  show(title: string, body: string, onClick: () => void): void;
  /** Whether the tab is in the background. */
  hidden(): boolean;
  /** Plays the notification sound. */
  beep(): void;
}

/** Options for {@link createChatNotifications}. */
export type ChatNotificationsOptions = {
  userId: string;
  storage: Storage;
  port: NotificationPort;
  /** The chat in the pane, if any (its messages do not notify while the tab is visible). */
  onScreenRoomId: Accessor<string | null>;
  /** Opens a chat when its notification is clicked. */
  onOpenChat(roomId: string): void;
};

/** Notification settings and the handler for incoming messages. */
export interface ChatNotifications {
  prefs: Accessor<NotificationPrefs>;
  /** The browser's permission as last seen. */
  permission: Accessor<NotificationPermission>;
  /** Turns notifications on (asking permission first) or off. */
  setEnabled: Action<[boolean], void>;
  /** Turns the sound on or off. */
  setSound(value: boolean): void;
  /** Feed for `createNotifications(session, …)`. */
  handle(message: IncomingMessage): void;
}

/**
 * Per-person notification settings (off by default, saved per user) and the decision to raise a
 * browser notification for each incoming message. Turning them on asks the browser's permission;
 * a refusal leaves them off and says how to change it.
 * @param options - see {@link ChatNotificationsOptions}
 * @returns a {@link ChatNotifications}
 */
export function createChatNotifications(options: ChatNotificationsOptions): ChatNotifications {
  const { port, storage, userId } = options;
  const [prefs, setPrefs] = createSignal(loadNotificationPrefs(storage, userId));
  const [permission, setPermission] = createSignal(port.permission());

  const update = (next: NotificationPrefs): void => {
    setPrefs(next);
    saveNotificationPrefs(storage, userId, next);
  };

  const setEnabled = createAction("Turning notifications on", async (value: boolean) => {
    if (!value) return update({ ...prefs(), enabled: false });
    const answer = port.permission() === "granted" ? "granted" : await port.requestPermission();
    setPermission(answer);
    if (answer !== "granted") {
      update({ ...prefs(), enabled: false });
      throw new UserFacingError(
        "Your browser blocked notifications for Staffroom. Allow them in the site settings (the icon left of the address), then try again.",
      );
    }
    update({ ...prefs(), enabled: true });
  });

  return {
    prefs,
    permission,
    setEnabled,
    setSound: (value) => update({ ...prefs(), sound: value }),
    handle(message) {
      const context = {
        enabled: prefs().enabled,
        permission: port.permission(),
        hidden: port.hidden(),
        onScreenRoomId: options.onScreenRoomId(),
        roomId: message.roomId,
      };
      if (!shouldNotify(context)) return;
      const { title, body } = notificationTextOf(message);
      port.show(title, body, () => options.onOpenChat(message.roomId));
      if (prefs().sound) port.beep();
    },
  };
}
