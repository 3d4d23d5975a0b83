/**
 * Dates and sizes as the timeline shows them, in the browser's locale. Pure: every function
 * takes the moment to compare with, so tests do not depend on the clock or the time zone rules.
 */

const MINUTE = 60_000;

/**
 * The clock time of a message, e.g. "14:05" (or "2:05 PM", by locale).
 * @param ts - milliseconds since the epoch
 * @param locale - optional BCP 47 locale (tests pin it)
 */
export function formatTime(ts: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" }).format(ts);
}

/**
 * Full date and time for a tooltip and the `datetime`-less reading of a message's time.
 * @param ts - milliseconds since the epoch
 * @param locale - optional BCP 47 locale
 */
export function formatFullTime(ts: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(ts);
}

/** True when both moments fall on the same local calendar day. */
export function isSameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return (
    x.getFullYear() === y.getFullYear() &&
    x.getMonth() === y.getMonth() &&
    x.getDate() === y.getDate()
  );
}

/**
 * The label of a day separator: "Today", "Yesterday", a weekday and date this year
 * ("Monday 24 November"), or with the year for older days.
 * @param ts - any moment of the day
 * @param now - the current time
 * @param locale - optional BCP 47 locale
 */
export function formatDayLabel(ts: number, now: number, locale?: string): string {
  if (isSameDay(ts, now)) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (isSameDay(ts, yesterday.getTime())) return "Yesterday";
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(ts);
}

/**
 * Whether a message continues the previous one's group (same sender, same day, within five
 * minutes), so the view can leave out the repeated name and avatar.
 * @param previous - the message before, if any
 * @param current - this message
 */
export function continuesGroup(
  previous: { sender: string; ts: number } | undefined,
  current: { sender: string; ts: number },
): boolean {
  return (
    previous !== undefined &&
    previous.sender === current.sender &&
    current.ts - previous.ts < 5 * MINUTE &&
    current.ts >= previous.ts &&
    isSameDay(previous.ts, current.ts)
  );
}

/**
 * A byte count people can read: "512 B", "3.4 KB", "12 MB" (powers of 1024, as file managers
 * show them).
 * @param bytes - a size in bytes
 */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, "") : Math.round(value).toString();
  return `${shown} ${units[unit] ?? "TB"}`;
}
