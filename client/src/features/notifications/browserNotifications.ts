import { makeLogger } from "../../lib/logger.ts";
import { beep } from "./beep.ts";
import type { NotificationPort } from "./createChatNotifications.ts";

const log = makeLogger("notifications");

/**
 * The real {@link NotificationPort}: the Web Notifications API. Browsers without it (or an
 * insecure origin) report "denied", so the setting explains instead of failing.
 * @returns the port
 */
export function makeBrowserNotifications(): NotificationPort {
  const supported = typeof Notification !== "undefined";
  return {
    permission: () => (supported ? Notification.permission : "denied"),
    requestPermission: () =>
      supported ? Notification.requestPermission() : Promise.resolve("denied"),
    show(title, body, onClick) {
      if (!supported) return;
      try {
        const notification = new Notification(title, { body });
        notification.onclick = () => {
          window.focus();
          onClick();
          notification.close();
        };
      } catch (error) {
        // Some platforms (Android Chrome) only allow notifications from a service worker.
        log.warn("could not show a notification", error);
      }
    },
    hidden: () => document.hidden,
    beep,
  };
}
