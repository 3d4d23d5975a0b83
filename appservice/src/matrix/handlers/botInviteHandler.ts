import type { MatrixEventHandler } from "../events.ts";

/**
 * When someone invites the bot to a room, the bot joins, so it can later answer `!faq` there
 * and see the room's members. Any inviter is accepted for now: the rooms Staffroom manages
 * are created by the bot itself, and a human inviting it is asking for its help.
 */
export const botInviteHandler: MatrixEventHandler = {
  name: "botInvite",
  matches: (event, { botUserId }) =>
    event.type === "m.room.member" &&
    event.state_key === botUserId &&
    event.content["membership"] === "invite",
  async handle(event, { bot, log }) {
    log.info("invited to a room, joining", { room_id: event.room_id, inviter: event.sender });
    await bot.joinRoom(event.room_id);
    log.info("joined room", { room_id: event.room_id });
  },
};
