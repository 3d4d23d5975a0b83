import { Show, type JSX } from "solid-js";
import { createMediaUrl, type MediaSource } from "../../matrix/media.ts";

// Dark enough for white initials at WCAG AA (≥ 4.5:1) in every case.
const COLOURS = [
  "bg-teal-700",
  "bg-sky-700",
  "bg-indigo-700",
  "bg-rose-700",
  "bg-amber-800",
  "bg-emerald-800",
  "bg-violet-700",
  "bg-slate-700",
];

/** Up to two initials from a display name ("Ada Lovelace" → "AL", "bob" → "B"). */
export function initialsOf(name: string): string {
  const words = name.replace(/^@/, "").trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((word) => (word ? ([...word][0] ?? "") : ""))
    .join("")
    .toUpperCase();
}

/** The same colour for a person everywhere, from a small hash of their user ID. */
function colourOf(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return COLOURS[hash % COLOURS.length] ?? "bg-slate-700";
}

/**
 * A sender's avatar: their picture (fetched with the token) or coloured initials. Decorative,
 * since the name is written next to it.
 */
export function SenderAvatar(props: {
  media: MediaSource;
  userId: string;
  name: string;
  mxc?: string;
}): JSX.Element {
  // The media source lives as long as the chat; reading it once is right.
  // eslint-disable-next-line solid/reactivity
  const picture = createMediaUrl(props.media, () => props.mxc, { width: 64, height: 64 });
  return (
    <span
      aria-hidden="true"
      class={`flex size-9 shrink-0 items-center justify-center overflow-hidden rounded-full text-sm font-semibold text-white ${colourOf(props.userId)}`}
    >
      <Show when={picture.url()} fallback={initialsOf(props.name)}>
        {(src) => <img src={src()} alt="" class="size-full object-cover" />}
      </Show>
    </span>
  );
}
