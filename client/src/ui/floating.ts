/**
 * Where a popover (a menu, the emoji picker) goes next to the button that opened it, in window
 * coordinates for `position: fixed`: below the button when it fits, else above, else on the side
 * with more room; right-aligned with the button; always inside the window with a small margin.
 * Fixed positioning keeps it clear of the scrolling timeline, which would clip it.
 * @param anchor - the button's rectangle (`getBoundingClientRect()`)
 * @param size - the popover's size
 * @param viewport - the window's size
 * @returns `top` and `left` in CSS pixels
 */
export function placeNear(
  anchor: { top: number; bottom: number; right: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { top: number; left: number } {
  const margin = 8;
  const gap = 4;
  const below = viewport.height - anchor.bottom - gap - margin;
  const above = anchor.top - gap - margin;
  let top: number;
  if (size.height <= below) top = anchor.bottom + gap;
  else if (size.height <= above) top = anchor.top - gap - size.height;
  else top = below >= above ? anchor.bottom + gap : anchor.top - gap - size.height;
  const maxTop = Math.max(margin, viewport.height - margin - size.height);
  const maxLeft = Math.max(margin, viewport.width - margin - size.width);
  return {
    top: Math.min(Math.max(top, margin), maxTop),
    left: Math.min(Math.max(anchor.right - size.width, margin), maxLeft),
  };
}
