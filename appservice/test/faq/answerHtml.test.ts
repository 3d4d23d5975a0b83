import { describe, expect, it } from "vitest";
import { detectAnswerFormat, renderAnswer, sanitizeHtml } from "../../src/faq/answerHtml.ts";

describe("sanitizeHtml", () => {
  it("keeps allowed tags, drops attributes, scripts and unsafe links", () => {
    const input =
      '<p onclick="x()">Hi <b>there</b> <script>alert(1)</script><a href="javascript:alert(1)">bad</a> ' +
      '<a href="https://l.example/?a=1&amp;b=2" target="_blank">good</a><img src=x onerror=alert(1)><style>p{}</style></p>';
    expect(sanitizeHtml(input)).toBe(
      '<p>Hi <b>there</b> <a>bad</a> <a href="https://l.example/?a=1&amp;b=2">good</a></p>',
    );
  });

  it("escapes stray markup characters and closes what was left open", () => {
    expect(sanitizeHtml("a < b & <em>c")).toBe("a &lt; b &amp; <em>c</em>");
    expect(sanitizeHtml("<ul><li>one<li>two</ul>")).toBe("<ul><li>one<li>two</li></li></ul>");
  });
});

describe("renderAnswer", () => {
  it("renders the Markdown subset with everything escaped first", () => {
    const md =
      "Use **My Account** and *Renew*.\nSee [help](https://l.example/h) <b>x</b>\n\n- one\n- two\n\n1. a\n2. b";
    expect(renderAnswer(md, "markdown")).toEqual({
      html:
        '<p>Use <strong>My Account</strong> and <em>Renew</em>.<br>See <a href="https://l.example/h">help</a> &lt;b&gt;x&lt;/b&gt;</p>' +
        "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>",
      text: "Use My Account and Renew.\nSee help <b>x</b>\n• one\n• two\n• a\n• b",
    });
  });

  it("does not link javascript: in Markdown", () => {
    expect(renderAnswer("[x](javascript:alert(1))", "markdown").html).not.toContain("href");
  });

  it("detects HTML by its tags", () => {
    expect(detectAnswerFormat("<p>Hi</p>")).toBe("html");
    expect(detectAnswerFormat("3 < 4 and **bold**")).toBe("markdown");
  });
});
