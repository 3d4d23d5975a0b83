import { describe, expect, it } from "vitest";
import { editorHtmlOf } from "./editorContent.ts";

describe("editorHtmlOf", () => {
  it("escapes plain text and keeps its line breaks", () => {
    expect(editorHtmlOf({ body: "a <b> & c\nnext" })).toBe("a &lt;b&gt; &amp; c<br>next");
  });

  it("keeps bold, italic and underline and drops other markup to its text", () => {
    const html = '<strong>Due</strong> <em>today</em> <u>x</u> <a href="https://e.org">link</a>';
    expect(editorHtmlOf({ body: "Due today x link", formattedBody: html })).toBe(
      "<b>Due</b> <i>today</i> <u>x</u> link",
    );
  });

  it("never lets script, handlers or images through", () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script><b onclick="x()">hi</b>';
    const out = editorHtmlOf({ body: "hi", formattedBody: html });
    expect(out).toBe("<b>hi</b>");
  });

  it("drops a reply fallback", () => {
    const html = "<mx-reply><blockquote>old</blockquote></mx-reply><i>new</i>";
    expect(editorHtmlOf({ body: "> old\n\nnew", formattedBody: html })).toBe("<i>new</i>");
  });

  it("falls back to the body when the HTML holds no text", () => {
    expect(editorHtmlOf({ body: "plain", formattedBody: "<img src=x>" })).toBe("plain");
  });
});
