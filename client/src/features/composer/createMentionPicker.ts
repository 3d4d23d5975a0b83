import { createSignal, type Accessor } from "solid-js";
import {
  suggestMentions,
  type MentionCandidate,
  type MentionSuggestion,
} from "../../lib/mentions.ts";
import type { MentionSource } from "../room/roomView.ts";

/** The @-mention suggestions under the composer; see {@link createMentionPicker}. */
export interface MentionPicker {
  /** What is offered now; empty when closed. */
  suggestions: Accessor<readonly MentionSuggestion[]>;
  /** The highlighted line. */
  active: Accessor<number>;
  /** Follows what is typed: a name after `@` (null: no mention being typed). */
  update(query: string | null): Promise<void>;
  /** Moves the highlight by `delta` lines, round the ends. */
  move(delta: number): void;
  /** The highlighted suggestion, if open. */
  current(): MentionSuggestion | undefined;
  close(): void;
}

/**
 * Suggestions of the chat's members while `@name` is typed: the members are asked for once per
 * chat (the first `@`), then filtered as the name grows; a slow answer for an old query never
 * replaces a newer one.
 * @param source - the chat's members and whether `@room` is allowed
 * @returns a {@link MentionPicker}
 */
export function createMentionPicker(source: MentionSource): MentionPicker {
  const [suggestions, setSuggestions] = createSignal<readonly MentionSuggestion[]>([]);
  const [active, setActive] = createSignal(0);
  let members: Promise<MentionCandidate[]> | undefined;
  let asked = 0;
  const close = (): void => {
    asked++;
    setSuggestions([]);
  };
  return {
    suggestions,
    active,
    async update(query) {
      if (query === null) return close();
      const ask = ++asked;
      // A failed load is asked again on the next `@`; meanwhile there is nothing to offer.
      members ??= source.candidates().catch((): MentionCandidate[] => {
        members = undefined;
        return [];
      });
      const list = suggestMentions(query, await members, source.canMentionRoom());
      if (ask !== asked) return;
      setSuggestions(list);
      setActive(0);
    },
    move(delta) {
      const count = suggestions().length;
      if (count > 0) setActive((index) => (index + delta + count) % count);
    },
    current: () => suggestions()[active()],
    close,
  };
}
