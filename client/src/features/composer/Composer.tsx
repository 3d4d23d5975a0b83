import type { JSX } from "solid-js";
import type { MatrixSession } from "../../matrix/session.ts";

/** Props of {@link Composer}. */
export type ComposerProps = {
  session: MatrixSession;
  roomId: string;
  /** Where the FAQ button goes (built in the FAQ issue). */
  faqSlot?: JSX.Element;
};

/**
 * The message composer under the chat pane. Being built: formatting, emoji, attachments.
 * Until then it tells the person plainly that sending is not available here yet.
 */
export function Composer(props: ComposerProps): JSX.Element {
  return (
    <div class="border-t border-slate-200 p-3 text-sm text-slate-600" data-room={props.roomId}>
      Sending from Staffroom is not available yet.
      {props.faqSlot}
    </div>
  );
}
