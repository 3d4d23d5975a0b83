import { Show, type JSX } from "solid-js";
import { focusRing } from "../../ui/focusRing.ts";
import type { ChatNotifications } from "./createChatNotifications.ts";

/**
 * The notification settings: a checkbox to turn browser notifications on (asks permission) and
 * one for the sound. Errors (a blocked permission) show under them.
 */
export function NotificationSettings(props: { notifications: ChatNotifications }): JSX.Element {
  const n = () => props.notifications;
  const toggle = async (box: HTMLInputElement): Promise<void> => {
    await n().setEnabled.run(box.checked);
    // A refused permission leaves the setting off; put the box back to match it.
    box.checked = n().prefs().enabled;
  };
  return (
    <fieldset class="flex flex-col gap-2 text-sm text-slate-800">
      <legend class="mb-1 font-medium text-slate-900">Notifications</legend>
      <label class="flex items-center gap-2">
        <input
          type="checkbox"
          class={`h-4 w-4 accent-teal-700 ${focusRing}`}
          checked={n().prefs().enabled}
          disabled={n().setEnabled.busy()}
          onChange={(event) => void toggle(event.currentTarget)}
        />
        Show notifications for new messages
      </label>
      <label class="flex items-center gap-2">
        <input
          type="checkbox"
          class={`h-4 w-4 accent-teal-700 ${focusRing}`}
          checked={n().prefs().sound}
          disabled={!n().prefs().enabled}
          onChange={(event) => n().setSound(event.currentTarget.checked)}
        />
        Play a sound
      </label>
      <Show when={n().setEnabled.error()}>
        {(message) => (
          <p role="alert" class="text-red-800">
            {message()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}
