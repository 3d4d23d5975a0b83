import { createResource, createSignal, Show, type JSX } from "solid-js";
import type { StaffroomApi } from "../../api/apiClient.ts";
import { createAction } from "../../lib/createAction.ts";
import { runAction } from "../../lib/runAction.ts";
import { sendFaqShare } from "../../matrix/sendFaqShare.ts";
import type { MatrixSession } from "../../matrix/session.ts";
import { Button } from "../../ui/Button.tsx";
import { createFaqSearch, type FaqHit } from "./createFaqSearch.ts";
import { FaqDialog } from "./FaqDialog.tsx";

/** Props of {@link FaqButton}. */
export type FaqButtonProps = { api: StaffroomApi; session: MatrixSession; roomId: string };

/** The dialog's live part: mounted only while open, so searches stop when it closes. */
function OpenFaqDialog(props: FaqButtonProps & { onClose(): void }): JSX.Element {
  const [query, setQuery] = createSignal("");
  const [group, setGroup] = createSignal("");
  const search = createFaqSearch((q, g) => props.api.faqSearch(q, g), query, group);
  // The filter is a convenience: without the group list, every group is still searched.
  const [groups] = createResource(async () => {
    const outcome = await runAction("Loading FAQ groups", () => props.api.faqGroups());
    return outcome.ok ? outcome.value.groups.map((g) => g.name) : [];
  });
  const share = createAction("Sharing the FAQ", (hit: FaqHit) =>
    sendFaqShare(props.session, props.roomId, hit),
  );
  const shareAndClose = async (hit: FaqHit): Promise<void> => {
    const outcome = await share.run(hit);
    if (outcome?.ok === true) props.onClose();
  };
  return (
    <FaqDialog
      groups={groups()}
      query={query()}
      group={group()}
      onQuery={setQuery}
      onGroup={setGroup}
      results={search.results()}
      loading={search.loading()}
      error={search.error()}
      onRetry={() => search.retry()}
      sharing={share.busy()}
      shareError={share.error()}
      onShare={(hit) => void shareAndClose(hit)}
      onClose={() => props.onClose()}
    />
  );
}

/**
 * The composer's FAQs button and its dialog: find an entry and share it into the chat as a FAQ
 * card. Focus returns to the button when the dialog closes.
 */
export function FaqButton(props: FaqButtonProps): JSX.Element {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  const close = (): void => {
    setOpen(false);
    button?.focus();
  };
  return (
    <>
      <Button
        ref={(el) => (button = el)}
        variant="ghost"
        class="px-2 py-1"
        aria-haspopup="dialog"
        aria-expanded={open()}
        onClick={() => setOpen(true)}
      >
        FAQs
      </Button>
      <Show when={open()}>
        <OpenFaqDialog
          api={props.api}
          session={props.session}
          roomId={props.roomId}
          onClose={close}
        />
      </Show>
    </>
  );
}
