import { createSignal, createUniqueId, For, onMount, Show, type JSX } from "solid-js";
import { createAction } from "../../lib/createAction.ts";
import type { MyPresence } from "../../matrix/createPresence.ts";
import { focusRing } from "../../ui/focusRing.ts";

const options: readonly { value: MyPresence; label: string }[] = [
  { value: "online", label: "Online" },
  { value: "unavailable", label: "Away" },
  { value: "offline", label: "Offline (invisible)" },
];

/** Props of {@link StatusSelector}. */
export type StatusSelectorProps = {
  /** Sets the person's presence on the server. */
  onChange: (state: MyPresence) => Promise<void>;
  /**
   * The status to start with (the person's last choice). Anything but "online" is sent again at
   * start, because a new session's sync would otherwise report them online.
   */
  initial?: MyPresence;
};

/**
 * The person's own status (Online / Away / Offline-invisible) as a native select: keyboard and
 * screen-reader friendly for free. A failed change goes back to the previous value and says why.
 */
export function StatusSelector(props: StatusSelectorProps): JSX.Element {
  const [value, setValue] = createSignal<MyPresence>(props.initial ?? "online");
  const change = createAction("Changing your status", (next: MyPresence) => props.onChange(next));
  const id = `status-${createUniqueId()}`;
  const errorId = `${id}-error`;
  onMount(() => {
    if (value() !== "online") void change.run(value());
  });

  const onInput = async (next: MyPresence): Promise<void> => {
    const previous = value();
    setValue(next);
    const outcome = await change.run(next);
    if (outcome && !outcome.ok) setValue(previous);
  };

  return (
    <div class="flex items-center gap-1.5 text-sm">
      <label for={id} class="text-slate-600">
        Status
      </label>
      <select
        id={id}
        disabled={change.busy()}
        aria-describedby={change.error() === null ? undefined : errorId}
        onChange={(event) => void onInput(event.currentTarget.value as MyPresence)}
        class={`rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 ${focusRing}`}
      >
        <For each={options}>
          {(option) => (
            <option value={option.value} selected={value() === option.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
      <Show when={change.error()}>
        {(message) => (
          <span id={errorId} role="alert" class="text-xs text-red-700">
            {message()}
          </span>
        )}
      </Show>
    </div>
  );
}
