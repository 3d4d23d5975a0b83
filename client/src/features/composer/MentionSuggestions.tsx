import { For, Show, type JSX } from "solid-js";
import type { MentionSuggestion } from "../../lib/mentions.ts";

/** Props of {@link MentionSuggestions}. */
export type MentionSuggestionsProps = {
  id: string;
  suggestions: readonly MentionSuggestion[];
  active: number;
  onPick(suggestion: MentionSuggestion): void;
};

/** The id of one suggestion line, for the field's `aria-activedescendant`. */
export const suggestionId = (listId: string, index: number): string => `${listId}-${index}`;

/**
 * The list of people (and `@room`) to mention, above the message field. Focus stays in the
 * field: arrows move the highlight, Enter or Tab picks, Escape closes; a tap or click picks too.
 */
export function MentionSuggestions(props: MentionSuggestionsProps): JSX.Element {
  return (
    <Show when={props.suggestions.length > 0}>
      <ul
        id={props.id}
        role="listbox"
        aria-label="People to mention"
        class="absolute bottom-full left-0 z-20 mb-1 max-h-64 w-72 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        <For each={props.suggestions}>
          {(suggestion, index) => (
            <li
              id={suggestionId(props.id, index())}
              role="option"
              aria-selected={index() === props.active}
              class="flex cursor-pointer items-baseline gap-2 px-3 py-2 text-sm text-slate-800"
              classList={{ "bg-teal-50": index() === props.active }}
              // Picked on press, before the field would lose focus.
              onPointerDown={(event) => {
                event.preventDefault();
                props.onPick(suggestion);
              }}
            >
              {suggestion.kind === "room" ? (
                <>
                  <span class="font-medium">@room</span>
                  <span class="text-xs text-slate-600">Notify everyone in this chat</span>
                </>
              ) : (
                <>
                  <span class="truncate font-medium">{suggestion.name}</span>
                  <span class="truncate text-xs text-slate-600">{suggestion.userId}</span>
                </>
              )}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
