import { createSignal, onCleanup } from "solid-js";
import { UserFacingError } from "../../lib/userFacingError.ts";
import { unreadCountOf } from "../../matrix/createRoomList.ts";
import { canMentionRoomIn, mentionCandidatesOf } from "../../matrix/mentionCandidates.ts";
import { createTimeline } from "../../matrix/createTimeline.ts";
import { createRoomRetention } from "../../matrix/createRoomRetention.ts";
import { mediaSourceOf } from "../../matrix/media.ts";
import { createNotificationLevel } from "../../matrix/roomNotificationLevel.ts";
import {
  editContentOf,
  redactEvent,
  replyContentOf,
  sendReaction,
  sendTyping,
} from "../../matrix/messageActions.ts";
import { discardSend, retrySend, sendMessageContent, textContentOf } from "../../matrix/send.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { getUploadLimit, startUpload } from "../../matrix/upload.ts";
import { isActionable, isEditable, type ComposeMode, type RoomView } from "./roomView.ts";
import { createTypingNotifier } from "./typingNotifier.ts";

/**
 * Builds the view model of one open chat from the session: its live timeline, the composer's
 * modes (new, reply, edit), the message actions in the spec's event shapes, its media, scrub
 * policy and notification level. Call it inside the chat's reactive owner: the SDK listeners go
 * when the chat closes.
 * @param session - the running session
 * @param roomId - the chat's room
 * @returns a {@link RoomView}
 */
export function createRoomView(session: MatrixSession, roomId: string): RoomView {
  const me = session.userId;
  const timeline = createTimeline(session, roomId);
  const [mode, setMode] = createSignal<ComposeMode>({ kind: "new" });
  const typing = createTypingNotifier((on, timeoutMs) =>
    sendTyping(session, roomId, on, timeoutMs),
  );
  // Leaving the chat stops "typing" at once rather than after the server's timeout.
  onCleanup(() => typing.stop());

  const contentFor = (current: ComposeMode, text: Parameters<typeof textContentOf>[0]) => {
    if (current.kind === "reply")
      return replyContentOf(
        text,
        { eventId: current.target.id, sender: current.target.sender },
        me,
      );
    if (current.kind === "edit") return editContentOf(text, current.target.id);
    return textContentOf(text);
  };

  return {
    roomId,
    me,
    media: mediaSourceOf(session),
    retention: createRoomRetention(session, () => roomId),
    notifications: createNotificationLevel(session, roomId),
    unreadAtOpen: unreadCountOf(session, roomId),
    timeline,
    composer: {
      mode,
      replyTo: (item) => setMode({ kind: "reply", target: item }),
      edit: (item) => setMode({ kind: "edit", target: item }),
      cancel: () => setMode({ kind: "new" }),
      async send(text) {
        const current = mode();
        setMode({ kind: "new" });
        typing.stop();
        await sendMessageContent(session, roomId, contentFor(current, text));
      },
      retry: (failedId) => retrySend(session, failedId),
      discard: (failedId) => discardSend(session, failedId),
      lastEditable: () => timeline.items.findLast(isEditable),
      uploads: {
        uploadLimit: () => getUploadLimit(session),
        start: (file, onProgress) => startUpload(session, roomId, file, onProgress),
      },
      typing,
      mentions: {
        candidates: () => mentionCandidatesOf(session, roomId),
        canMentionRoom: () => canMentionRoomIn(session, roomId),
      },
    },
    actions: {
      async toggleReaction(item, key) {
        const own = item.reactions.find((group) => group.key === key && group.mine);
        if (own?.myEventId)
          return redactEvent(session, roomId, own.myEventId, "Your reaction was not removed.");
        // Still on its way: a second click must not send a duplicate.
        if (own) return;
        if (!isActionable(item))
          throw new UserFacingError("This message can't take reactions yet.");
        await sendReaction(session, roomId, item.id, key);
      },
      remove: (item) => redactEvent(session, roomId, item.id, "The message was not deleted."),
      canRemove: (item) => isActionable(item) && (item.mine || timeline.canRedactOthers()),
      canEdit: isEditable,
    },
  };
}
