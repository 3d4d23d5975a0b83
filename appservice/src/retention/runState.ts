// The scrub run's state machine, pure. A room moves pending → scanned → purged → done (or
// failed); each step is persisted before the next starts, so a process killed anywhere resumes
// at the right place: scanning again is harmless (same prefix), purging again up to the same
// event is a no-op, deleting media already gone answers 404, which counts as done.

/** Where a room is within a run. */
export type RoomStep = "pending" | "scanned" | "purged" | "done" | "failed";

/** Status of a whole run. */
export type ScrubRunStatus = "running" | "succeeded" | "partial" | "failed";

const ORDER: readonly RoomStep[] = ["pending", "scanned", "purged", "done"];

/**
 * The step after `step`.
 * @throws Error for the terminal steps (done, failed): nothing follows them
 */
export function nextRoomStep(step: RoomStep): RoomStep {
  const index = ORDER.indexOf(step);
  const next = index < 0 ? undefined : ORDER[index + 1];
  if (next === undefined) throw new Error(`a room in step "${step}" has no next step`);
  return next;
}

/** Whether a room still has work to do. */
export const isRoomOpen = (step: RoomStep): boolean => step !== "done" && step !== "failed";

/**
 * The status of a run from its rooms' steps: running while any is open; succeeded when all are
 * done (or there were none); failed when every room failed; partial otherwise.
 */
export function runStatusOf(steps: readonly RoomStep[]): ScrubRunStatus {
  if (steps.some(isRoomOpen)) return "running";
  const failed = steps.filter((step) => step === "failed").length;
  if (failed === 0) return "succeeded";
  return failed === steps.length ? "failed" : "partial";
}
