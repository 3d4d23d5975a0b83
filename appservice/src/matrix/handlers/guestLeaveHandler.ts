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

/**
 * Deactivates a meeting guest as soon as it leaves the meeting room: turned away by the host
 * (kick), removed, or gone on its own. Its link is used up, so it could only knock again and
 * crowd the lobby. `service` is asked per event (null while meetings are off).
 */
export function makeGuestLeaveHandler(service: () => GuestLeaveTarget | null): MatrixEventHandler {
  return {
    name: "guestLeave",
    matches: isGuestDeparture,
    async handle(event, { log }) {
      const target = service();
      const userId = event.state_key;
      if (target === null || userId === undefined) return;
      if (await target.guestLeft(userId)) {
        log.info("guest left its meeting and was deactivated", {
          user: userId,
          room_id: event.room_id,
        });
      }
    },
  };
}
