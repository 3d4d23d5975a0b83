/** A piece of text, and whether it is one of the searched words. */
export type Segment = { text: string; match: boolean };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Splits text so the searched words can be marked without ever parsing it as HTML: the view
 * renders each segment as a text node, matches inside `<mark>`.
 * @param text - a message body
 * @param words - the words to mark (case-insensitive)
 * @returns the segments in order; one unmarked segment when nothing matches
 * @example
 * highlightSegments("Desk key lost", ["key"])
 * // [{ text: "Desk ", match: false }, { text: "key", match: true }, { text: " lost", match: false }]
 */
export function highlightSegments(text: string, words: readonly string[]): Segment[] {
  const wanted = [...new Set(words.map((word) => word.trim()).filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
  if (wanted.length === 0 || text === "") return [{ text, match: false }];
  const pattern = new RegExp(`(${wanted.map(escapeRegExp).join("|")})`, "giu");
  return text
    .split(pattern)
    .filter((part) => part !== "")
    .map((part) => ({
      text: part,
      match: wanted.some((word) => word.toLowerCase() === part.toLowerCase()),
    }));
}
