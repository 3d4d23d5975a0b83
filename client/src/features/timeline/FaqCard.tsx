import { Show, type JSX } from "solid-js";
import type { FaqShareRef } from "../../lib/faqShare.ts";
import { sanitizeHtml } from "../../lib/sanitizeHtml.ts";
import { focusRing } from "../../ui/focusRing.ts";
import { SanitizedHtml } from "../faq/SanitizedHtml.tsx";

/** What the card shows, read from a share message. */
export type FaqCardParts = { question: string; answerHtml: string; url?: string };

/**
 * Reads question, answer and link out of a share message (docs/faq.md): the `formatted_body`
 * card is sanitised first and then taken apart (bold first paragraph = question, "Read more"
 * link, italic footer dropped); the plain `body` (`FAQ: question`, answer, `More: url`) fills in
 * whatever the HTML lacks.
 * @param body - the message's plain body
 * @param html - its `formatted_body`, untrusted
 * @returns the parts; the answer is sanitised HTML
 */
export function readFaqCard(body: string, html: string | undefined): FaqCardParts {
  const lines = body.split("\n");
  const plainQuestion = (lines[0] ?? "").replace(/^FAQ:\s*/, "");
  const plainUrl = lines.find((line) => line.startsWith("More: "))?.slice("More: ".length);
  const template = document.createElement("template");
  template.innerHTML = sanitizeHtml(html ?? "");
  const root = template.content.querySelector("blockquote") ?? template.content;
  const paragraphs = Array.from(root.children);
  const first = paragraphs[0];
  const question = first
    ?.querySelector("strong")
    ?.textContent?.replace(/^❓\s*/, "")
    .trim();
  const link = Array.from(root.querySelectorAll("a")).find((a) => a.textContent === "Read more");
  const href = link?.getAttribute("href") ?? plainUrl;
  const url = href !== undefined && /^https?:\/\//i.test(href) ? href : undefined;
  const answer = paragraphs.filter(
    (el, i) =>
      !(i === 0 && question !== undefined) &&
      !(link !== undefined && el.contains(link)) &&
      !(el.tagName === "P" && el.children.length === 1 && el.firstElementChild?.tagName === "EM"),
  );
  const answerHtml = answer.map((el) => el.outerHTML).join("");
  return {
    question: question !== undefined && question !== "" ? question : plainQuestion,
    answerHtml: answerHtml !== "" ? answerHtml : escapeText(lines[2] ?? ""),
    ...(url === undefined ? {} : { url }),
  };
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A shared FAQ in the timeline: the group, the question, the answer (sanitised) and its link,
 * in place of the message's own formatted body.
 */
export function FaqCard(props: { faq: FaqShareRef; body: string; html?: string }): JSX.Element {
  const parts = () => readFaqCard(props.body, props.html);
  return (
    <article
      aria-label={`FAQ: ${parts().question}`}
      class="my-1 max-w-xl rounded-md border border-teal-200 bg-teal-50/50 px-3 py-2"
      data-faq-id={props.faq.id}
    >
      <p class="text-xs font-medium text-teal-900">FAQ · {props.faq.group}</p>
      <h3 class="font-semibold text-slate-900">{parts().question}</h3>
      <SanitizedHtml html={parts().answerHtml} class="text-[0.9375rem] text-slate-900" />
      <Show when={parts().url}>
        {(url) => (
          <a
            href={url()}
            target="_blank"
            rel="noopener noreferrer"
            class={`text-sm text-teal-800 underline ${focusRing}`}
          >
            Read more
          </a>
        )}
      </Show>
    </article>
  );
}
