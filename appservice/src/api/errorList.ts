// Limits that keep every error answer small whatever the request held: a list of problems is
// cut to its first ERROR_LIST_CAP items (with the total beside it), and any value quoted in a
// message is clipped. With them no error body comes near 1 MB.

/** How many problems an error answer lists; `error_count` gives the total. */
export const ERROR_LIST_CAP = 100;

/** How many characters of a caller's value a message quotes before "…". */
export const QUOTE_LIMIT = 80;

/** The longest `error` message (and problem message) an answer carries. */
export const MESSAGE_LIMIT = 2_000;

/**
 * Shortens text to `max` characters, ending in "…" when something was cut.
 * @example clip("x".repeat(1_000_000)) // the first 80 x's, then "…"
 */
export function clip(value: string, max = QUOTE_LIMIT): string {
  return value.length <= max ? value : `${value.slice(0, max)}…`;
}

/** A value quoted for a message: JSON-style quotes, clipped. */
export function quote(value: string): string {
  return JSON.stringify(clip(value));
}

/** A list cut to its first {@link ERROR_LIST_CAP} items, and how many there were. */
export type CappedList<T> = { errors: T[]; error_count: number };

/** Cuts `errors` to the cap; `total` is the real count when the list was already cut. */
export function capErrors<T>(errors: readonly T[], total = errors.length): CappedList<T> {
  return { errors: errors.slice(0, ERROR_LIST_CAP), error_count: Math.max(total, errors.length) };
}

/** "1 problem", "7 problems", or "first 100 of 12345 problems" once the list is cut. */
export function problemCount(total: number, listed = Math.min(total, ERROR_LIST_CAP)): string {
  if (listed < total) return `first ${listed} of ${total} problems`;
  return total === 1 ? "1 problem" : `${total} problems`;
}

/**
 * Collects problems without holding more than the cap: the first {@link ERROR_LIST_CAP} are
 * kept, the rest only counted. For inputs that may hold millions of bad items.
 */
export class ErrorCollector<T> {
  readonly kept: T[] = [];
  count = 0;

  add(error: T): void {
    this.count++;
    if (this.kept.length < ERROR_LIST_CAP) this.kept.push(error);
  }
}
