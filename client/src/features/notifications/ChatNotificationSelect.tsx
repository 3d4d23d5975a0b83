import { createUniqueId, For, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import {
  levelLabels,
  type ChatNotificationLevel,
  type NotificationLevel,
} from "../../matrix/roomNotificationLevel.ts";
import { fieldClass } from "../../ui/fieldClass.ts";
import { Notice } from "../../ui/Notice.tsx";

const levels = Object.keys(levelLabels) as NotificationLevel[];

/**
 * The chat header's "Notify" choice: All messages, Mentions only, or Off. Saved as the
 * person's push rules, so the badge, the in-app alerts and every other client follow it.
 */
export function ChatNotificationSelect(props: { level: ChatNotificationLevel }): JSX.Element {
  // One chat's level for this component's life (the header is keyed by room).
  // eslint-disable-next-line solid/reactivity
  const level = props.level;
  const save = createAction("Saving the notification setting", (next: NotificationLevel) =>
    level.set(next),
  );
  const id = createUniqueId();
  return (
    <div class="flex items-center gap-1.5">
      <label for={id} class="text-sm text-slate-700">
        Notify
      </label>
      <select
        id={id}
        class={`${fieldClass} py-1.5`}
        value={level.level()}
        disabled={save.busy()}
        aria-invalid={save.error() ? "true" : undefined}
        onChange={(event) => void save.run(event.currentTarget.value as NotificationLevel)}
      >
        <For each={levels}>{(value) => <option value={value}>{levelLabels[value]}</option>}</For>
      </select>
      <Show when={save.error()}>
        {(message) => (
          <Notice tone="error" class="py-1">
            {message()}
          </Notice>
        )}
      </Show>
    </div>
  );
}
