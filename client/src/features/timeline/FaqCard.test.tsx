import { render } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { buildFaqShareContent } from "../../lib/faqShare.ts";
import { FaqCard, readFaqCard } from "./FaqCard.tsx";

const share = buildFaqShareContent({
  id: "renew",
  group: "Loans",
  question: "How do I renew a book?",
  answerHtml: "<p>Sign in to <strong>My Account</strong>.</p>",
  answerText: "Sign in to My Account.",
  url: "https://library.example/renew",
});

describe("FaqCard", () => {
  it("takes question, answer and link out of a share message", () => {
    const parts = readFaqCard(share.body, share.formatted_body);
    expect(parts.question).toBe("How do I renew a book?");
    expect(parts.answerHtml).toBe("<p>Sign in to <strong>My Account</strong>.</p>");
    expect(parts.url).toBe("https://library.example/renew");
  });

  it("falls back to the plain body and refuses unsafe links", () => {
    const parts = readFaqCard("FAQ: Wifi?\n\nUse Guest.\n\nMore: javascript:alert(1)", undefined);
    expect(parts).toEqual({ question: "Wifi?", answerHtml: "Use Guest." });
  });

  it("renders a labelled card with the sanitised answer", () => {
    const html = share.formatted_body.replace("</blockquote>", "<script>x()</script></blockquote>");
    const { getByRole } = render(() => (
      <FaqCard faq={{ id: "renew", group: "Loans" }} body={share.body} html={html} />
    ));
    const card = getByRole("article", { name: "FAQ: How do I renew a book?" });
    expect(card.textContent).toContain("My Account");
    expect(card.querySelector("script")).toBeNull();
    expect(getByRole("link", { name: "Read more" }).getAttribute("href")).toBe(
      "https://library.example/renew",
    );
  });
});
