import type { Logger } from "../observability/logger.ts";

// The Matrix side as the rest of the appservice sees it: plain event data and small ports.
// Handlers never touch matrix-appservice-bridge, so they are unit-tested with fakes.

/** A room event as delivered in a transaction (the fields Staffroom reads). */
export type MatrixEvent = {
  type: string;
  room_id: string;
  sender: string;
  event_id?: string;
  state_key?: string;
  origin_server_ts?: number;
  content: Record<string, unknown>;
};

/** What handlers may ask the bot to do. Grows with later features (invite, kick, send...). */
export interface BotActions {
  /** Joins the bot to a room it was invited to. */
  joinRoom(roomId: string): Promise<void>;
}

/** Passed to every handler call. */
export type HandlerContext = {
  /** The bot's own user ID (`@<sender_localpart>:<domain>`). */
  botUserId: string;
  bot: BotActions;
  log: Logger;
};

/**
 * One reaction to incoming events. The router calls `handle` for every event `matches`
 * accepts; a handler that throws is logged and counted, and does not stop the others.
 */
export interface MatrixEventHandler {
  /** Short name for logs and the failure metric. */
  readonly name: string;
  matches(event: MatrixEvent, context: HandlerContext): boolean;
  handle(event: MatrixEvent, context: HandlerContext): Promise<void>;
}
