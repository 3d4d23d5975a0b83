import { randomUUID } from "node:crypto";
import {
  answerFaqCommand,
  parseFaqCommand,
  type FaqAsker,
  type FaqLookup,
} from "../../faq/faqCommand.ts";
import { readFaqShareRef } from "../../faq/faqMessage.ts";
import type { FaqShareStore } from "../../faq/ports.ts";
import { seg, type BotHttp } from "../botHttp.ts";
import type { MatrixEvent, MatrixEventHandler } from "../events.ts";

/** What {@link makeFaqCommandHandler} needs. */
export type FaqCommandHandlerDeps = {
  /** The bot's HTTP client (a getter: main.ts creates it after the Matrix side starts). */
  http: () => BotHttp;
  /** True for rooms Staffroom manages (the only rooms where the bot answers). */
  isManagedRoom(roomId: string): Promise<boolean>;
  /** Who the sender is and whether they may see FAQs. */
  asker(userId: string): FaqAsker;
  /** FAQ lookups limited to what this user may see. */
  lookupFor(userId: string): FaqLookup;
  /** Where the bot's own shares are counted (the bridge does not echo the bot's events). */
  shares: Pick<FaqShareStore, "record">;
};

/**
 * `!faq …` in a managed room: the pure parser and handler (src/faq/faqCommand.ts) decide,
 * this adapter only sends — an `m.notice` for matches, help and mistakes (notices never
 * trigger other bots), or the share card as `m.text` so it counts and renders like a share
 * from our client.
 */
export function makeFaqCommandHandler(deps: FaqCommandHandlerDeps): MatrixEventHandler {
  return {
    name: "faqCommand",
    matches: (event, { botUserId }) =>
      event.type === "m.room.message" &&
      event.sender !== botUserId &&
      event.content["msgtype"] === "m.text" &&
      typeof event.content["body"] === "string" &&
      // Edits repeat the command in m.new_content; answer the original only.
      event.content["m.new_content"] === undefined &&
      parseFaqCommand(event.content["body"]) !== undefined,
    async handle(event, { log }) {
      const command = parseFaqCommand(String(event.content["body"]));
      if (command === undefined || !(await deps.isManagedRoom(event.room_id))) return;
      const reply = await answerFaqCommand(
        command,
        deps.asker(event.sender),
        deps.lookupFor(event.sender),
      );
      const content =
        reply.kind === "share"
          ? reply.content
          : {
              msgtype: "m.notice",
              body: reply.body,
              format: "org.matrix.custom.html",
              formatted_body: reply.html,
            };
      const eventId = await send(deps.http(), event, content);
      const ref = readFaqShareRef(content);
      if (ref !== undefined) {
        await deps.shares.record({
          eventId,
          roomId: event.room_id,
          sender: deps.http().botUserId,
          faqId: ref.id,
          group: ref.group,
          at: new Date(),
        });
      }
      log.info("answered !faq", {
        room_id: event.room_id,
        command: command.kind,
        reply: reply.kind,
      });
    },
  };
}

async function send(http: BotHttp, event: MatrixEvent, content: object): Promise<string> {
  // A fresh transaction id per reply; retries inside botHttp reuse it, so no duplicates.
  const txnId = `faq-${randomUUID()}`;
  const { event_id } = await http.request<{ event_id: string }>(
    "PUT",
    `/_matrix/client/v3/rooms/${seg(event.room_id)}/send/m.room.message/${seg(txnId)}`,
    {
      body: content,
    },
  );
  return event_id;
}
