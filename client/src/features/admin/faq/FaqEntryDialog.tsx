import { createSignal, Show, type JSX } from "solid-js";
import type { FaqEntryView, FaqEntryWrite } from "@staffroom/appservice/contract";
import { createAction } from "../../../lib/createAction.ts";
import { Button } from "../../../ui/Button.tsx";
import { fieldClass } from "../../../ui/fieldClass.ts";
import { ModalDialog } from "../../../ui/ModalDialog.tsx";
import { Notice } from "../../../ui/Notice.tsx";
import { TextField } from "../../../ui/TextField.tsx";

/** Props of {@link FaqEntryDialog}. */
export type FaqEntryDialogProps = {
  /** The entry being edited; absent for a new one. */
  entry?: FaqEntryView;
  groupName: string;
  /** Saves; rejects with a readable error naming the field. */
  onSave: (entry: FaqEntryWrite) => Promise<unknown>;
  onClose: () => void;
};

type Field = "question" | "answer";

/** The FAQ entry editor: id (new entries only), question, answer and its format, link, keywords. */
export function FaqEntryDialog(props: FaqEntryDialogProps): JSX.Element {
  /* eslint-disable solid/reactivity -- the form starts from the saved entry */
  const start = props.entry;
  const [id, setId] = createSignal(start?.id ?? "");
  const [question, setQuestion] = createSignal(start?.question ?? "");
  const [answer, setAnswer] = createSignal(start?.answer ?? "");
  const [format, setFormat] = createSignal(start?.answer_format ?? "markdown");
  const [url, setUrl] = createSignal(start?.url ?? "");
  const [keywords, setKeywords] = createSignal(start?.keywords ?? "");
  /* eslint-enable solid/reactivity */
  const [missing, setMissing] = createSignal<Field[]>([]);
  const save = createAction("Saving the FAQ entry", async () => {
    await props.onSave({
      id: id().trim() === "" ? undefined : id().trim(),
      question: question(),
      answer: answer(),
      answer_format: format(),
      url: url().trim(),
      keywords: keywords(),
    });
    props.onClose();
  });
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const empty = (["question", "answer"] as const).filter(
      (field) => (field === "question" ? question() : answer()).trim() === "",
    );
    setMissing(empty);
    if (empty.length === 0) void save.run();
  };
  const edited = (): void => {
    setMissing([]);
    save.clearError();
  };
  let first: HTMLInputElement | undefined;

  return (
    <ModalDialog
      titleId="faq-entry-title"
      title={start ? "Edit FAQ entry" : `New FAQ entry in ${props.groupName}`}
      widthClass="w-[min(40rem,calc(100vw-2rem))]"
      onClose={() => props.onClose()}
      onOpen={() => first?.focus()}
    >
      <form class="flex flex-col gap-3 px-4 py-3" onSubmit={submit} noValidate>
        <Show
          when={start === undefined}
          fallback={<p class="text-sm text-slate-600">ID: {start?.id}</p>}
        >
          <TextField
            ref={(el) => (first = el)}
            label="ID (optional)"
            hint="Letters, digits, dots, dashes, underscores. Empty makes one up. A later import updates the entry with this ID."
            value={id()}
            onInput={(event) => setId(event.currentTarget.value)}
          />
        </Show>
        <TextField
          ref={(el) => start && (first = el)}
          label="Question"
          value={question()}
          aria-invalid={missing().includes("question")}
          onInput={(event) => {
            setQuestion(event.currentTarget.value);
            edited();
          }}
        />
        <label class="flex flex-col gap-1.5 text-sm font-medium text-slate-800">
          Answer
          <textarea
            rows={6}
            class={fieldClass}
            value={answer()}
            aria-invalid={missing().includes("answer")}
            onInput={(event) => {
              setAnswer(event.currentTarget.value);
              edited();
            }}
          />
        </label>
        <label class="flex max-w-xs flex-col gap-1.5 text-sm font-medium text-slate-800">
          Answer format
          <select
            class={fieldClass}
            value={format()}
            onChange={(event) => setFormat(event.currentTarget.value as "markdown" | "html")}
          >
            <option value="markdown">Markdown</option>
            <option value="html">HTML (sanitised)</option>
          </select>
        </label>
        <TextField
          label="Link"
          type="url"
          hint="An http or https address with more detail (optional)."
          value={url()}
          onInput={(event) => {
            setUrl(event.currentTarget.value);
            edited();
          }}
        />
        <TextField
          label="Keywords"
          hint="Extra words people search for, separated by commas."
          value={keywords()}
          onInput={(event) => setKeywords(event.currentTarget.value)}
        />
        <Show when={missing().length > 0}>
          <p role="alert" class="text-sm text-red-700">
            Fill in the {missing().join(" and ")}.
          </p>
        </Show>
        <Show when={save.error()}>{(message) => <Notice tone="error">{message()}</Notice>}</Show>
        <div class="flex gap-2">
          <Button type="submit" variant="primary" busy={save.busy()}>
            Save entry
          </Button>
          <Button onClick={() => props.onClose()}>Cancel</Button>
        </div>
      </form>
    </ModalDialog>
  );
}
