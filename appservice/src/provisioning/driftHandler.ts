import type { MatrixEvent, MatrixEventHandler } from "../matrix/events.ts";

// Drift repair from transactions: someone changed a managed room by hand (left it, joined an
// outsider, changed power levels or the name). The handler does not fix anything itself; it
// asks the sync service for a (debounced) pass, which plans from Synapse's real state.

const WATCHED = new Set([
  "m.room.member",
  "m.room.power_levels",
  "m.room.name",
  "m.room.topic",
  "m.space.child",
]);

/** What the handler needs from the sync service. */
export type DriftTarget = {
  expectedMembers(roomId: string): ReadonlySet<string> | undefined;
  request(trigger: string): void;
};

/**
 * True when `event` moves a managed room away from the directory. The sync's own writes are
 * not drift: the bot's events, and joins of expected members (an Admin API join is sent by the
 * joined user) or departures of people who should not be there.
 * @param expected expected members of the event's room; undefined when the room is not managed
 */
export function isDrift(
  event: MatrixEvent,
  expected: ReadonlySet<string> | undefined,
  botUserId: string,
): boolean {
  if (expected === undefined || event.sender === botUserId || !WATCHED.has(event.type)) {
    return false;
  }
  if (event.type !== "m.room.member") return true;
  const user = event.state_key ?? "";
  if (user === botUserId) return true;
  const present = event.content.membership === "join" || event.content.membership === "invite";
  return present !== expected.has(user);
}

/** The transaction handler that triggers a sync pass on drift in managed rooms. */
export function makeDriftHandler(target: DriftTarget): MatrixEventHandler {
  return {
    name: "membershipDrift",
    matches: (event, context) =>
      isDrift(event, target.expectedMembers(event.room_id), context.botUserId),
    handle(event, context) {
      context.log.info("drift in a managed room; sync pass requested", {
        room_id: event.room_id,
        type: event.type,
        sender: event.sender,
        user: event.state_key,
      });
      target.request("drift");
      return Promise.resolve();
    },
  };
}

/**
 * The drift handler for the composition root, where the Matrix side (which needs its handlers)
 * starts before the sync service exists: events before `attach` are ignored (the start-up pass
 * reads Synapse's state anyway).
 */
export function makeDeferredDriftHandler(): {
  handler: MatrixEventHandler;
  attach(target: DriftTarget): void;
} {
  let target: DriftTarget | undefined;
  return {
    handler: makeDriftHandler({
      expectedMembers: (roomId) => target?.expectedMembers(roomId),
      request: (trigger) => target?.request(trigger),
    }),
    attach(next) {
      target = next;
    },
  };
}
