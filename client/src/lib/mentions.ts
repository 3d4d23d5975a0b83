/**
 * @-mentions as Element writes and reads them: a pill is a link to
 * `https://matrix.to/#/<user ID>` showing the person's name, and the event lists who it mentions
 * in `m.mentions` (so only they are notified). Pure helpers for the composer and the timeline.
 */

/** Someone the composer can mention. */
export type MentionCandidate = { userId: string; name: string };

/** One line of the suggestions: a person, or the whole room. */
export type MentionSuggestion = { kind: "user"; userId: string; name: string } | { kind: "room" };

/** What `m.mentions` says of a message. */
export type Mentions = { user_ids?: string[]; room?: boolean };

/** The longest text after `@` still read as a name being typed. */
const MAX_QUERY = 32;
/** How many suggestions are shown at once. */
export const MAX_SUGGESTIONS = 8;

const MATRIX_TO_USER = "https://matrix.to/#/";

/**
 * The link a pill is made of.
 * @param userId - e.g. `@ana:library.example`
 * @returns `https://matrix.to/#/@ana:library.example`
 */
export function userLinkOf(userId: string): string {
  return `${MATRIX_TO_USER}${userId}`;
}

/**
 * The user a link points at when it is a pill (Element writes the ID plain or percent-encoded).
 * @param href - a link's address
 * @returns the user ID, or undefined for any other link
 */
export function mentionedUserOf(href: string): string | undefined {
  if (!href.startsWith(MATRIX_TO_USER)) return undefined;
  let target = href.slice(MATRIX_TO_USER.length).split("?")[0] ?? "";
  try {
    target = decodeURIComponent(target);
  } catch {
    return undefined;
  }
  return /^@[^:/\s]+:[^/\s]+$/.test(target) ? target : undefined;
}

/**
 * The mention being typed just before the caret: an `@` at the start of a word, then the start
 * of a name.
 * @param before - the text from the start of the line to the caret
 * @returns what was typed after `@` and where the `@` is, or null when no mention is typed
 * @example
 * mentionQueryAt("thanks @an") // { query: "an", start: 7 }
 */
export function mentionQueryAt(before: string): { query: string; start: number } | null {
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match || (match[2] ?? "").length > MAX_QUERY) return null;
  const query = match[2] ?? "";
  return { query, start: before.length - query.length - 1 };
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[\s._-]+/)
    .filter(Boolean);

/**
 * Who matches what was typed: a name or one of its words, or the user ID's localpart, starting
 * with the query (case-insensitive); names starting with it first, then alphabetically.
 * `@room` comes first for people allowed to notify the whole room.
 * @param query - the text after `@`
 * @param candidates - the chat's members (without the person typing)
 * @param canMentionRoom - the person's power level allows `@room`
 * @returns at most {@link MAX_SUGGESTIONS} suggestions
 */
export function suggestMentions(
  query: string,
  candidates: readonly MentionCandidate[],
  canMentionRoom: boolean,
): MentionSuggestion[] {
  const q = query.toLowerCase();
  const localpart = (userId: string): string => userId.slice(1).split(":")[0]?.toLowerCase() ?? "";
  const scored = candidates
    .map((candidate) => {
      const name = candidate.name.toLowerCase();
      if (name.startsWith(q)) return { candidate, rank: 0 };
      if (
        words(name).some((word) => word.startsWith(q)) ||
        localpart(candidate.userId).startsWith(q)
      )
        return { candidate, rank: 1 };
      return null;
    })
    .filter((entry) => entry !== null)
    .sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name));
  const people: MentionSuggestion[] = scored.map(({ candidate }) => ({
    kind: "user",
    userId: candidate.userId,
    name: candidate.name,
  }));
  const room: MentionSuggestion[] =
    canMentionRoom && "room".startsWith(q) ? [{ kind: "room" }] : [];
  return [...room, ...people].slice(0, MAX_SUGGESTIONS);
}

/**
 * Whether a message mentions the signed-in person: by `m.mentions`, or, for clients that send
 * none, by a pill pointing at them.
 * @param content - the message content (after edits)
 * @param myUserId - the signed-in person
 * @param roomAllowed - `@room` counts (its sender was allowed to notify the room)
 * @returns true when the message is addressed to them
 */
export function mentionsUser(
  content: Record<string, unknown>,
  myUserId: string,
  roomAllowed = true,
): boolean {
  const mentions = content["m.mentions"];
  if (typeof mentions === "object" && mentions !== null && !Array.isArray(mentions)) {
    const { user_ids: ids, room } = mentions as Record<string, unknown>;
    if (room === true && roomAllowed) return true;
    return Array.isArray(ids) && ids.includes(myUserId);
  }
  const html = content["formatted_body"];
  return (
    typeof html === "string" &&
    (html.includes(userLinkOf(myUserId)) || html.includes(userLinkOf(encodeURIComponent(myUserId))))
  );
}
