import type { OutgoingText } from "../../matrix/send.ts";
import { serializeEditor } from "./serializeEditor.ts";

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * What the editor loads to edit a message: its formatting reduced to what the composer writes
 * (bold, italic, underline, line breaks), everything else to its text, a reply fallback
 * (`<mx-reply>`) dropped. The HTML is parsed in an inert template (nothing runs or loads) and
 * rebuilt by the composer's own serializer, so only escaped text and b/i/u/br come out.
 * @param message - the message as the timeline shows it
 * @returns editor HTML
 */
export function editorHtmlOf(message: { body: string; formattedBody?: string }): string {
  const plain = (text: string): string => escapeHtml(text).replace(/\n/g, "<br>");
  if (message.formattedBody === undefined) return plain(message.body);
  const template = document.createElement("template");
  template.innerHTML = message.formattedBody;
  // A reply's quoted fallback, and code that is not words, are not part of what is edited.
  for (const dropped of Array.from(template.content.querySelectorAll("mx-reply, script, style")))
    dropped.remove();
  const text: OutgoingText | null = serializeEditor(template.content);
  if (!text) return plain(message.body);
  return text.html ?? plain(text.body);
}
