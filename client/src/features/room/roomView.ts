import type { Accessor } from "solid-js";
import type { MentionCandidate } from "../../lib/mentions.ts";
import type { MediaSource } from "../../matrix/media.ts";
import type { ChatNotificationLevel } from "../../matrix/roomNotificationLevel.ts";
import type { Timeline } from "../../matrix/timeline.ts";
import type { OutgoingText } from "../../matrix/send.ts";
import type { TimelineItem } from "../../matrix/timelineItems.ts";
import type { UploadPort } from "../composer/createAttachment.ts";
import type { TypingNotifier } from "./typingNotifier.ts";

/**
 * The view model of one open chat: everything its components read and do, as plain
 * interfaces. `createRoomView` builds it from the session; tests build it from literal objects.
 */

/** What the composer is writing: a new message, a reply, or an edit of one's own message. */
export type ComposeMode =
  | { kind: "new" }
  | { kind: "reply"; target: TimelineItem }
  | { kind: "edit"; target: TimelineItem };

/** The composer's side of a chat. */
export interface ComposerModel {
  mode: Accessor<ComposeMode>;
  /** Answer this message with the next send. */
  replyTo(item: TimelineItem): void;
  /** Edit this (own) message with the next send; the composer loads its text. */
  edit(item: TimelineItem): void;
  /** Back to writing a new message. */
  cancel(): void;
  /**
   * Sends the text as the mode says (new, reply or edit), then returns to a new message.
   * @throws SendFailedError with a retry handle
   */
  send(text: OutgoingText): Promise<void>;
  /** Sends a failed message again. @throws SendFailedError */
  retry(failedId: string): Promise<void>;
  /** Drops a failed message. */
  discard(failedId: string): void;
  /** The newest own message that can be edited (Up-arrow in an empty composer). */
  lastEditable(): TimelineItem | undefined;
  /** Attachments. */
  uploads: UploadPort;
  /** Typing notifications to the others in the chat. */
  typing: TypingNotifier;
  /** Who can be @-mentioned here. */
  mentions: MentionSource;
}

/** The chat's people for @-mention suggestions. */
export interface MentionSource {
  /** The chat's members but oneself (loaded from the server the first time). */
  candidates(): Promise<MentionCandidate[]>;
  /** The person may notify everyone with `@room`. */
  canMentionRoom(): boolean;
}

/** What can be done to one message from its toolbar or menu. */
export interface MessageActions {
  /** Adds your reaction with `key`, or takes it back when you had reacted with it. */
  toggleReaction(item: TimelineItem, key: string): Promise<void>;
  /** Deletes (redacts) the message. */
  remove(item: TimelineItem): Promise<void>;
  /** Whether Delete is offered: own messages, and others' for moderators. */
  canRemove(item: TimelineItem): boolean;
  /** Whether Edit is offered: own text messages. */
  canEdit(item: TimelineItem): boolean;
}

/** One open chat. */
export type RoomView = {
  roomId: string;
  /** The signed-in person. */
  me: string;
  /** Unread messages when the chat was opened: whether to mark where "New messages" start. */
  unreadAtOpen: number;
  timeline: Timeline;
  composer: ComposerModel;
  actions: MessageActions;
  /** Images, avatars and files of the chat's messages. */
  media: MediaSource;
  /** The chat's scrub policy in days (`m.room.retention`), null when none is set. */
  retention: Accessor<number | null>;
  /** How much of the chat notifies the person (their push rules). */
  notifications: ChatNotificationLevel;
};

/**
 * Whether a message can be edited: own, sent, not deleted, and text (media, cards and call
 * lines are not edited in place).
 */
export function isEditable(item: TimelineItem): boolean {
  return (
    item.mine &&
    item.sendState === "sent" &&
    !item.redacted &&
    !item.encrypted &&
    item.file === undefined &&
    item.faq === undefined &&
    item.screenshare === undefined &&
    item.call === undefined &&
    (item.msgtype === "m.text" || item.msgtype === "m.emote" || item.msgtype === "m.notice")
  );
}

/** Whether a message can be answered or reacted to: sent by the server and not deleted. */
export function isActionable(item: TimelineItem): boolean {
  return item.sendState === "sent" && !item.redacted && item.id.startsWith("$");
}
