/**
 * What the scrub admin page says about rooms and the cutoff, pure: room names with a fallback
 * for a room the server could not name, kind labels, and the Run now question naming the
 * cutoff in the admin's locale.
 */
import { SCOPE_KIND_LABELS, type ScopeKind } from "@staffroom/appservice/contract";

/** What a room without a name is called (its ID is shown beside it). */
export const UNNAMED_ROOM = "Unnamed room";

/** A room as a row shows it: the name (or the fallback), and whether it is the fallback. */
export type RoomLabel = { name: string; unnamed: boolean };

/** The name a row shows for a room: its name, or {@link UNNAMED_ROOM} for none or a blank one. */
export function roomLabel(name: string | null | undefined): RoomLabel {
  const trimmed = name?.trim() ?? "";
  return trimmed === "" ? { name: UNNAMED_ROOM, unnamed: true } : { name: trimmed, unnamed: false };
}

/** What admins read for a room's kind ("Direct chat (created in another client)", …). */
export function kindLabel(kind: ScopeKind): string {
  return SCOPE_KIND_LABELS[kind];
}

/**
 * The cutoff as a date and time in the admin's locale, e.g. "7 November 2026 at 15:30".
 * @param cutoffTs - epoch ms, as the server reports it
 * @param locale - optional BCP 47 locale (tests pin it; the page uses the browser's)
 * @param timeZone - optional IANA zone (tests pin it; the page uses the browser's)
 */
export function formatCutoff(cutoffTs: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(cutoffTs);
}

/** "1 room", "12 rooms". */
export function roomCount(rooms: number): string {
  return `${rooms} ${rooms === 1 ? "room" : "rooms"}`;
}

/**
 * The question Run now asks: "Delete all internal chat history before 7 November 2026 at 15:30
 * in 12 rooms? This cannot be undone."
 */
export function runNowQuestion(
  cutoffTs: number,
  rooms: number,
  locale?: string,
  timeZone?: string,
): string {
  const before = formatCutoff(cutoffTs, locale, timeZone);
  return `Delete all internal chat history before ${before} in ${roomCount(rooms)}? This cannot be undone.`;
}
