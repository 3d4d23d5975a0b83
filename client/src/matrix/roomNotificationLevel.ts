import {
  ClientEvent,
  ConditionKind,
  PushRuleKind,
  type IPushRule,
  type IPushRules,
  type MatrixEvent,
} from "matrix-js-sdk";
import { createSignal, type Accessor } from "solid-js";
import { UserFacingError } from "../lib/userFacingError.ts";
import { toUserFacingError } from "./errors.ts";
import { listen } from "./listen.ts";
import { matrixClientOf, type MatrixSession } from "./session.ts";

/**
 * How much one chat notifies, as push rules Element writes and reads too: "mentions" is a
 * room rule that does not notify (mentions still do: their rules come first); "off" is an
 * override rule matching the room that does not notify at all. Badges follow, because the
 * server counts only what notifies.
 */
export type NotificationLevel = "all" | "mentions" | "off";

/** The words people see for each level. */
export const levelLabels: Record<NotificationLevel, string> = {
  all: "All messages",
  mentions: "Mentions only",
  off: "Off",
};

const silent = (rule: IPushRule | undefined): boolean =>
  rule !== undefined && rule.enabled !== false && !rule.actions.includes("notify" as never);

/**
 * Reads a chat's level from the person's push rules.
 * @param rules - the account's push rules
 * @param roomId - the chat
 * @returns the level in effect
 */
export function levelOf(rules: IPushRules | undefined, roomId: string): NotificationLevel {
  const override = rules?.global.override?.find((rule) => rule.rule_id === roomId);
  if (silent(override)) return "off";
  const room = rules?.global.room?.find((rule) => rule.rule_id === roomId);
  if (silent(room)) return "mentions";
  return "all";
}

/** A chat's notification level, live, and a way to change it; see {@link createNotificationLevel}. */
export interface ChatNotificationLevel {
  level: Accessor<NotificationLevel>;
  /**
   * Sets the level on the server (all the person's clients follow).
   * @throws UserFacingError naming what failed
   */
  set(level: NotificationLevel): Promise<void>;
}

/**
 * @param session - the running session
 * @param roomId - the chat
 * @returns a {@link ChatNotificationLevel}; it follows changes made in other clients
 */
export function createNotificationLevel(
  session: MatrixSession,
  roomId: string,
): ChatNotificationLevel {
  const client = matrixClientOf(session);
  const [level, setLevel] = createSignal(levelOf(client.pushRules, roomId));
  listen(client, ClientEvent.AccountData, (event: MatrixEvent) => {
    if (event.getType() === "m.push_rules") setLevel(levelOf(client.pushRules, roomId));
  });
  const has = (kind: "override" | "room"): boolean =>
    client.pushRules?.global[kind]?.some((rule) => rule.rule_id === roomId) ?? false;
  const drop = async (kind: PushRuleKind.Override | PushRuleKind.RoomSpecific): Promise<void> => {
    if (has(kind)) await client.deletePushRule("global", kind, roomId);
  };
  return {
    level,
    async set(next) {
      try {
        if (next !== "off") await drop(PushRuleKind.Override);
        if (next !== "mentions") await drop(PushRuleKind.RoomSpecific);
        if (next === "mentions")
          await client.addPushRule("global", PushRuleKind.RoomSpecific, roomId, { actions: [] });
        if (next === "off")
          await client.addPushRule("global", PushRuleKind.Override, roomId, {
            actions: [],
            conditions: [{ kind: ConditionKind.EventMatch, key: "room_id", pattern: roomId }],
          });
        setLevel(next);
      } catch (error) {
        const reason = toUserFacingError(error, client.baseUrl);
        throw new UserFacingError(`The notification setting was not saved. ${reason.message}`, {
          cause: error,
        });
      }
    },
  };
}
