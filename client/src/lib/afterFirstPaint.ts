/**
 * Runs `task` once the browser has painted the first content (the `first-contentful-paint`
 * entry), so background downloads never compete with the first screen. Browsers without paint
 * timing fall back to two animation frames plus a short delay.
 * @param task - what to start, e.g. prefetching the SDK chunk
 * @param fallbackMs - how long to wait for the paint entry before running anyway
 */
export function afterFirstPaint(task: () => void, fallbackMs = 500): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
    // A macrotask after the paint entry: the paint has been presented by then.
    setTimeout(task);
  };
  let observer: PerformanceObserver | undefined;
  const supported =
    typeof PerformanceObserver !== "undefined" &&
    PerformanceObserver.supportedEntryTypes.includes("paint");
  if (supported) {
    observer = new PerformanceObserver((entries) => {
      if (entries.getEntriesByName("first-contentful-paint").length > 0) run();
    });
    // `buffered` also reports a paint that happened before this call.
    observer.observe({ type: "paint", buffered: true });
  }
  const timer = setTimeout(
    () => requestAnimationFrame(() => requestAnimationFrame(run)),
    supported ? fallbackMs : 0,
  );
}
