import type { EmojiClickEvent } from "emoji-picker-element/shared";

/**
 * Loads the emoji picker on first use (it and its data stay out of the first screen's bundle)
 * and builds one picker element. The emoji data ships with the app as a static asset, so the
 * picker works without reaching a CDN, as an intranet install needs.
 * @param onPick - called with the chosen emoji's characters
 * @returns the picker element, ready to be attached
 */
export async function loadEmojiPicker(onPick: (emoji: string) => void): Promise<HTMLElement> {
  const [{ Picker }, data] = await Promise.all([
    import("emoji-picker-element"),
    import("emoji-picker-element-data/en/emojibase/data.json?url"),
  ]);
  const picker = new Picker({ dataSource: data.default });
  picker.addEventListener("emoji-click", (event: EmojiClickEvent) => {
    if (event.detail.unicode) onPick(event.detail.unicode);
  });
  return picker;
}
