/** What Tab can reach inside a dialog. */
const focusableSelector =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside `container` (a modal dialog): from the last focusable element
 * Tab wraps to the first, and Shift+Tab from the first to the last.
 * @param container - the dialog, or undefined before it is mounted
 * @param event - the dialog's keydown; anything but Tab is left alone
 */
export function trapTab(container: HTMLElement | undefined, event: KeyboardEvent): void {
  if (event.key !== "Tab") return;
  const items = Array.from(container?.querySelectorAll<HTMLElement>(focusableSelector) ?? []);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
