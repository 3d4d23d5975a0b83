import type { FaqSearchResult } from "@staffroom/appservice/contract";
import { buildFaqShareContent } from "../lib/faqShare.ts";
import { sendMessageContent } from "./send.ts";
import type { MatrixSession } from "./session.ts";

/**
 * Shares a FAQ entry into a room as the standard share message: a readable `body`, a card in
 * `formatted_body` and `org.staffroom.faq: {id, group}` (docs/faq.md).
 * @param session - the running session
 * @param roomId - the room
 * @param faq - a search hit from `GET /api/faq/search`
 * @throws SendFailedError with a readable message
 * @example
 * await sendFaqShare(session, roomId, results[0]);
 */
export async function sendFaqShare(
  session: MatrixSession,
  roomId: string,
  faq: FaqSearchResult,
): Promise<void> {
  const content = buildFaqShareContent({
    id: faq.id,
    group: faq.group,
    question: faq.question,
    answerHtml: faq.answer,
    answerText: faq.answer_text,
    url: faq.url,
  });
  await sendMessageContent(session, roomId, content);
}
