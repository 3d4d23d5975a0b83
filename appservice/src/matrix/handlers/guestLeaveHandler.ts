import type { MatrixEvent, MatrixEventHandler } from "../events.ts";

/** Guest user IDs: the registration's `@guest_…` namespace. */
const GUEST_ID = /^@guest_[a-z2-7]+:/;

/** What the handler needs from the meeting service. */
export type GuestLeaveTarget = { guestLeft(userId: string): Promise<boolean> };

/** A guest's membership turned to leave or ban (denied, removed, or gone). */
export function isGuestDeparture(event: MatrixEvent): boolean {
  const membership = event.content["membership"];
  return (
    event.type === "m.room.member" &&
    event.state_key !== undefined &&
    GUEST_ID.test(event.state_key) &&
    (membership === "leave" || membership === "ban")
  );
}

/** The guest-leave handler, plus what the appservice runs when it stops. */
export type GuestLeaveHandler = MatrixEventHandler & {
  /** Deactivates every guest still in its grace period now (on shutdown). */
  flush(): Promise<void>;
};

/** How long a departed guest keeps its account: its page must still see why it left. */
export const GUEST_LEAVE_GRACE_MS = 5_000;

/**
 * Deactivates a meeting guest shortly after it leaves the meeting room: turned away by the
 * host (kick), removed, or gone on its own. Its link is used up, so it could only knock again
 * and crowd the lobby. The short grace lets the guest's page read the kick (and say "The host
 * did not let you in") before its token stops working. `service` is asked per event (null
 * while meetings are off).
 */
export function makeGuestLeaveHandler(
  service: () => GuestLeaveTarget | null,
  options: { graceMs?: number } = {},
): GuestLeaveHandler {
  const graceMs = options.graceMs ?? GUEST_LEAVE_GRACE_MS;
  const pending = new Map<
    string,
    { timer: ReturnType<typeof setTimeout>; run: () => Promise<void> }
  >();
  return {
    name: "guestLeave",
    matches: isGuestDeparture,
    handle(event, { log }) {
      const target = service();
      const userId = event.state_key;
      if (target === null || userId === undefined || pending.has(userId)) return Promise.resolve();
      const run = async (): Promise<void> => {
        pending.delete(userId);
        try {
          if (await target.guestLeft(userId)) {
            log.info("guest left its meeting and was deactivated", {
              user: userId,
              room_id: event.room_id,
            });
          }
        } catch (error) {
          // The expiry sweep deactivates it later in any case.
          log.warn("could not deactivate a departed guest", { user: userId, error });
        }
      };
      pending.set(userId, { timer: setTimeout(() => void run(), graceMs), run });
      return Promise.resolve();
    },
    async flush() {
      const runs = [...pending.values()];
      for (const { timer } of runs) clearTimeout(timer);
      await Promise.all(runs.map(({ run }) => run()));
    },
  };
}
