import { readFaqShareRef } from "../../faq/faqMessage.ts";
import type { FaqShareStore } from "../../faq/ports.ts";
import type { MatrixEventHandler } from "../events.ts";

/**
 * Counts FAQ shares: every `m.room.message` carrying the `org.staffroom.faq` key, whether our
 * client or the bot sent it, seen in a transaction. Recording is idempotent per event id, so
 * a transaction Synapse delivers twice counts once.
 */
export function makeFaqShareHandler(shares: Pick<FaqShareStore, "record">): MatrixEventHandler {
  return {
    name: "faqShare",
    matches: (event) =>
      event.type === "m.room.message" &&
      event.event_id !== undefined &&
      event.content["m.new_content"] === undefined &&
      readFaqShareRef(event.content) !== undefined,
    async handle(event, { log }) {
      const ref = readFaqShareRef(event.content);
      if (ref === undefined || event.event_id === undefined) return;
      const recorded = await shares.record({
        eventId: event.event_id,
        roomId: event.room_id,
        sender: event.sender,
        faqId: ref.id,
        group: ref.group,
        at: new Date(event.origin_server_ts ?? Date.now()),
      });
      if (recorded)
        log.info("FAQ shared", { room_id: event.room_id, faq: `${ref.group}:${ref.id}` });
    },
  };
}
