import { EventStatus, type MatrixEvent } from "matrix-js-sdk";
import type { RawTimelineEvent, SendState } from "./timelineItems.ts";

/** Where an SDK event is on its way to the server. */
export const sendStateOf = (event: MatrixEvent): SendState => {
  if (event.status === null) return "sent";
  return event.status === EventStatus.NOT_SENT || event.status === EventStatus.CANCELLED
    ? "failed"
    : "pending";
};

const localpart = (userId: string): string => userId.replace(/^@/, "").split(":")[0] ?? userId;

type Bundled = { sender?: unknown; origin_server_ts?: unknown; content?: unknown };

/** Copies SDK events into plain {@link RawTimelineEvent}s, remembering what a copy cannot see. */
export type RawEventReader = {
  read(event: MatrixEvent): RawTimelineEvent;
  /** The render key given to `event` (stable across its local echo → remote echo switch). */
  keyOf(event: MatrixEvent): string | undefined;
};

/**
 * One reader per timeline: keys survive the local echo → remote echo switch (the SDK updates
 * the same MatrixEvent), and events once seen as edits stay edits after a redaction strips their
 * relation, so a deleted edit never shows as a "Message deleted" line of its own.
 * @returns a {@link RawEventReader}
 */
export function createRawEventReader(): RawEventReader {
  const keys = new WeakMap<MatrixEvent, string>();
  const edits = new WeakSet<MatrixEvent>();
  const read = (event: MatrixEvent): RawTimelineEvent => {
    let key = keys.get(event);
    if (key === undefined) {
      key = event.getId() ?? event.getTxnId() ?? `local-${Math.random()}`;
      keys.set(event, key);
    }
    const content = event.getOriginalContent();
    const relation = content["m.relates_to"] as { rel_type?: unknown } | undefined;
    if (relation?.rel_type === "m.replace") edits.add(event);
    const bundled = (event.getUnsigned()["m.relations"] as Record<string, unknown> | undefined)?.[
      "m.replace"
    ] as Bundled | undefined;
    const sender = event.getSender() ?? "";
    return {
      key,
      id: event.getId() ?? key,
      type: event.getType(),
      sender,
      // Without a display name the SDK falls back to the full user ID; the localpart reads better.
      senderName:
        event.sender?.name && event.sender.name !== sender ? event.sender.name : localpart(sender),
      avatarMxc: event.sender?.getMxcAvatarUrl() ?? undefined,
      ts: event.getTs(),
      content,
      redacted: event.isRedacted(),
      sendState: sendStateOf(event),
      wasEdit: edits.has(event),
      bundledEdit:
        bundled && typeof bundled.content === "object" && bundled.content !== null
          ? {
              sender: String(bundled.sender ?? ""),
              ts: Number(bundled.origin_server_ts ?? 0),
              content: bundled.content as Record<string, unknown>,
            }
          : undefined,
    };
  };
  return { read, keyOf: (event) => keys.get(event) };
}
