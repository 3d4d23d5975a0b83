import type { Logger } from "../observability/logger.ts";
import { aliasLocalpart } from "./desiredRooms.ts";
import { describeAction } from "./describeAction.ts";
import { roomKeyOf, type Action, type ManagedRoom } from "./model.ts";
import type { ManagedRoomStorePort, RoomGateway, SyncRunStorePort } from "./ports.ts";
import { planStaffList, STAFF_LIST_ALIAS_LOCALPART } from "./staffList.ts";

/** What {@link executeActions} needs. */
export type ExecutorDeps = {
  gateway: RoomGateway;
  rooms: ManagedRoomStorePort;
  runs: SyncRunStorePort;
  /** The run's logger (carries the run id). */
  log: Logger;
  encryptRooms: boolean;
  /** Rooms worked on at once (config `provisioning.concurrency`). */
  concurrency: number;
  now?: () => Date;
};

/** How one action went. */
export type ActionOutcome = { action: Action; ok: boolean; error?: string };

/**
 * Applies a plan: the staff list first (the Synapse staff guard checks every join against it,
 * so people new to the directory must be on it before they are joined), then room creations,
 * then each room's actions in plan order (rooms in parallel, at most `concurrency` at once),
 * then account deactivations. Every action is written
 * to `audit_log` with the run id as soon as it finishes, failed ones with their error; one failed
 * action does not stop the others. HTTP retries and back-off are botHttp's.
 * @param known the managed rooms the plan was made from
 */
export async function executeActions(
  runId: string,
  actions: readonly Action[],
  known: readonly ManagedRoom[],
  deps: ExecutorDeps,
): Promise<ActionOutcome[]> {
  const now = deps.now ?? (() => new Date());
  const roomIds = new Map(known.map((room) => [roomKeyOf(room), room.roomId]));
  const outcomes: ActionOutcome[] = [];

  const run = async (action: Action): Promise<void> => {
    let outcome: ActionOutcome;
    try {
      await apply(action);
      outcome = { action, ok: true };
    } catch (error) {
      outcome = {
        action,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
      deps.log.warn(`action failed: ${describeAction(action).detail}`, {
        room: "room" in action ? action.room.alias : undefined,
        user: "user" in action ? action.user : undefined,
        error: outcome.error,
      });
    }
    outcomes.push(outcome);
    await deps.runs.audit(auditEntry(runId, outcome, roomIdOf(action)));
  };

  const roomIdOf = (action: Action): string | undefined => {
    if (action.type === "deactivate" || action.type === "createStaffList") return undefined;
    if (action.type === "setStaff") return action.roomId;
    if (action.type === "removeSpaceChild") return action.childRoomId;
    if (action.type === "addSpaceChild") return roomIds.get(roomKeyOf(action.child));
    return roomIds.get(roomKeyOf(action.room));
  };
  const need = (key: string): string => {
    const roomId = roomIds.get(key);
    if (roomId === undefined) throw new Error(`room ${key} does not exist (creation failed)`);
    return roomId;
  };

  async function apply(action: Action): Promise<void> {
    const { gateway, rooms } = deps;
    switch (action.type) {
      case "createRoom": {
        const { roomId, adopted } = await gateway.createRoom({
          aliasLocalpart: aliasLocalpart(action.room),
          name: action.name,
          topic: action.topic || undefined,
          space: action.room.kind === "space",
          encrypted: deps.encryptRooms && action.room.kind !== "space",
          kind: action.room.kind,
        });
        if (adopted) deps.log.info(`adopted existing room ${roomId} for ${action.room.alias}`);
        await rooms.upsert({ ...action.room, roomId });
        roomIds.set(roomKeyOf(action.room), roomId);
        return;
      }
      case "join": {
        const roomId = need(roomKeyOf(action.room));
        await gateway.join(roomId, action.user, { unban: action.unban });
        await rooms.addManagedMember(roomId, action.user);
        return;
      }
      case "remove": {
        const roomId = need(roomKeyOf(action.room));
        await gateway.kick(roomId, action.user, action.reason);
        await rooms.removeManagedMember(roomId, action.user);
        return;
      }
      case "setPowerLevels":
        return gateway.setPowerLevelUsers(need(roomKeyOf(action.room)), action.users);
      case "setEventPower":
        return gateway.setEventPowerLevels(need(roomKeyOf(action.room)), action.events);
      case "rename":
        return gateway.setName(need(roomKeyOf(action.room)), action.name);
      case "setTopic":
        return gateway.setTopic(need(roomKeyOf(action.room)), action.topic);
      case "addSpaceChild":
        return gateway.setSpaceChild(
          need(roomKeyOf(action.room)),
          need(roomKeyOf(action.child)),
          true,
        );
      case "removeSpaceChild":
        // A stray child added by hand is not ours: unlink it from the Space only.
        return gateway.setSpaceChild(
          need(roomKeyOf(action.room)),
          action.childRoomId,
          false,
          action.childAlias !== undefined,
        );
      case "archive": {
        const roomId = need(roomKeyOf(action.room));
        await gateway.setName(roomId, action.name);
        await rooms.setArchived(action.room.kind, action.room.key, now());
        return;
      }
      case "unarchive":
        return rooms.setArchived(action.room.kind, action.room.key, null);
      case "deactivate":
        await gateway.deactivate(action.user);
        await rooms.forgetUser(action.user);
        return;
      case "setMarker":
        return gateway.setMarker(need(roomKeyOf(action.room)), action.room.kind);
      case "createStaffList": {
        const made = await gateway.createStaffList(STAFF_LIST_ALIAS_LOCALPART, action.staff);
        if (!made.adopted) return;
        // A pass that died after creating the list: bring that list to this plan.
        deps.log.info(`adopted existing staff list ${made.roomId} for ${action.alias}`);
        const seen = await gateway.observeStaffList(action.alias);
        const changes = planStaffList(
          action.staff,
          seen ?? { roomId: made.roomId, listed: new Set() },
          action.alias,
        );
        await forEachLimited(changes, deps.concurrency, apply);
        return;
      }
      case "setStaff":
        return gateway.setStaff(action.roomId, action.user, action.staff);
    }
  }

  const staffList = actions.filter((a) => a.type === "createStaffList" || a.type === "setStaff");
  const creations = actions.filter((a) => a.type === "createRoom");
  const deactivations = actions.filter((a) => a.type === "deactivate");
  // The rest, grouped by the room they write to; a group runs in plan order.
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    const key = groupKey(action);
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), action]);
  }

  await forEachLimited(staffList, deps.concurrency, run);
  await forEachLimited(creations, deps.concurrency, run);
  await forEachLimited([...groups.values()], deps.concurrency, async (group) => {
    for (const action of group) await run(action);
  });
  await forEachLimited(deactivations, deps.concurrency, run);
  return outcomes;
}

// The room an action is grouped under; undefined for the phases that run on their own.
function groupKey(action: Action): string | undefined {
  switch (action.type) {
    case "createStaffList":
    case "setStaff":
    case "createRoom":
    case "deactivate":
      return undefined;
    case "addSpaceChild":
      return roomKeyOf(action.child);
    case "removeSpaceChild":
      return `child:${action.childRoomId}`;
    default:
      return roomKeyOf(action.room);
  }
}

function auditEntry(runId: string, outcome: ActionOutcome, roomId: string | undefined) {
  const view = describeAction(outcome.action);
  return {
    runId,
    action: `sync.${outcome.action.type}`,
    target: view.user ?? roomId ?? view.room,
    details: {
      room: view.room,
      room_id: roomId,
      user: view.user,
      detail: view.detail,
      outcome: outcome.ok ? "ok" : "failed",
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
