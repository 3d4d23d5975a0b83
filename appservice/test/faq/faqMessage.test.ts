import { describe, expect, it } from "vitest";
import { buildFaqShareContent, readFaqShareRef, shortText } from "../../src/faq/faqMessage.ts";

const faq = {
  id: "renew",
  group: "Loans <& more>",
  question: "How do I <renew>?",
  answerHtml: "<p>Sign in to <strong>My Account</strong>.</p>",
  answerText: "Sign in to My Account.",
  url: "https://l.example/r?a=1&b=2",
};

describe("buildFaqShareContent", () => {
  it("gives a readable body, an escaped card and the namespaced key", () => {
    const content = buildFaqShareContent(faq, "Alice");
    expect(content).toMatchObject({ msgtype: "m.text", format: "org.matrix.custom.html" });
    expect(content.body).toBe(
      "FAQ: How do I <renew>?\n\nSign in to My Account.\n\nMore: https://l.example/r?a=1&b=2\n\nShared by Alice",
    );
    expect(content.formatted_body).toBe(
      "<blockquote><p><strong>❓ How do I &lt;renew&gt;?</strong></p><p>Sign in to <strong>My Account</strong>.</p>" +
        '<p><a href="https://l.example/r?a=1&amp;b=2">Read more</a></p><p><em>FAQ · Loans &lt;&amp; more&gt; · shared by Alice</em></p></blockquote>',
    );
    expect(content["org.staffroom.faq"]).toEqual({ id: "renew", group: "Loans <& more>" });
    expect(readFaqShareRef(content)).toEqual({ id: "renew", group: "Loans <& more>" });
  });

  it("shortens long answers in the body and leaves out a missing link", () => {
    const content = buildFaqShareContent({ ...faq, url: "", answerText: "word ".repeat(200) });
    expect(content.body).not.toContain("More:");
    expect(content.body.split("\n")[2]?.length).toBeLessThanOrEqual(280);
    expect(content.body.split("\n")[2]?.endsWith("…")).toBe(true);
  });
});

describe("readFaqShareRef", () => {
  it("ignores messages without a well-formed key", () => {
    expect(readFaqShareRef({ body: "x" })).toBeUndefined();
    expect(readFaqShareRef({ "org.staffroom.faq": { id: 1, group: "g" } })).toBeUndefined();
    expect(readFaqShareRef({ "org.staffroom.faq": "renew" })).toBeUndefined();
  });
  it("cuts text at a word", () => {
    expect(shortText("one two three", 9)).toBe("one two…");
  });
});
