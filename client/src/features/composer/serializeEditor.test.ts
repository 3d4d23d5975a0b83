import { describe, expect, it } from "vitest";
import { serializeEditor } from "./serializeEditor.ts";

function editor(html: string): HTMLDivElement {
  const el = document.createElement("div");
  el.innerHTML = html;
  return el;
}

describe("serializeEditor", () => {
  it("sends plain text without HTML when nothing is formatted", () => {
    expect(serializeEditor(editor("hello there"))).toEqual({ body: "hello there" });
    expect(serializeEditor(editor("one<br>two"))).toEqual({ body: "one\ntwo" });
  });

  it("keeps b/i/u (and strong/em as b/i) with a plain body", () => {
    expect(
      serializeEditor(editor("<b>bold</b> <em>it</em> <u>under</u> <strong>s</strong>")),
    ).toEqual({
      body: "bold it under s",
      html: "<b>bold</b> <i>it</i> <u>under</u> <b>s</b>",
    });
  });

  it("turns Chromium's blocks and line breaks into \\n and <br>", () => {
    expect(serializeEditor(editor("a<div><b>b</b></div><div>c</div>"))).toEqual({
      body: "a\nb\nc",
      html: "a<br><b>b</b><br>c",
    });
  });

  it("escapes text and drops any other markup to its text", () => {
    const result = serializeEditor(
      editor('<b>&lt;script&gt;</b><a href="javascript:x">link</a><img src=x onerror=alert(1)>'),
    );
    expect(result).toEqual({ body: "<script>link", html: "<b>&lt;script&gt;</b>link" });
  });

  it("ignores empty formatting and whitespace-only input", () => {
    expect(serializeEditor(editor("<b></b>hi"))).toEqual({ body: "hi" });
    expect(serializeEditor(editor("  <br><div><br></div> "))).toBeNull();
    expect(serializeEditor(editor("hi&nbsp;there<br>"))).toEqual({ body: "hi there" });
  });

  it("sends a pill as a matrix.to link with the name as text, and lists it in mentions", () => {
    const pill = '<a data-mention="@ana:lib.example" contenteditable="false">Ana "A" Lima</a>';
    const text = serializeEditor(editor(`thanks ${pill}!`));
    expect(text).toMatchObject({
      body: 'thanks Ana "A" Lima!',
      mentions: { user_ids: ["@ana:lib.example"] },
    });
    // The shared sanitizer adds target and rel to every link; the pill is the href and name.
    expect(text?.html).toMatch(
      /^thanks <a href="https:\/\/matrix\.to\/#\/@ana:lib\.example"[^>]*>Ana "A" Lima<\/a>!$/,
    );
  });

  it("sends @room as text and mentions the room", () => {
    const pill = '<a data-mention="@room" contenteditable="false">@room</a>';
    expect(serializeEditor(editor(`${pill} desk closes early`))).toEqual({
      body: "@room desk closes early",
      mentions: { room: true },
    });
  });

  it("never takes a pasted link for a pill", () => {
    expect(serializeEditor(editor('<a href="https://matrix.to/#/@ana:x">Ana</a>'))).toEqual({
      body: "Ana",
    });
  });
});
