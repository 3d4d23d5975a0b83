import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "./sanitizeHtml.ts";

/** Parses sanitized output so assertions look at elements, not string details. */
function parse(html: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = sanitizeHtml(html);
  return root;
}

describe("sanitizeHtml", () => {
  it("keeps the spec's formatting tags", () => {
    const root = parse(
      "<b>bold</b> <i>it</i> <u>under</u> <strong>s</strong> <em>e</em> <del>d</del> " +
        "<ul><li>one</li></ul><ol start='3'><li>three</li></ol><pre><code class='language-ts'>x</code></pre>" +
        "<blockquote>q</blockquote><h1>h</h1><table><tbody><tr><td>c</td></tr></tbody></table>",
    );
    for (const tag of ["b", "i", "u", "strong", "em", "del", "ul", "ol", "li", "pre", "code"])
      expect(root.querySelector(tag), tag).not.toBeNull();
    expect(root.querySelector("ol")?.getAttribute("start")).toBe("3");
    expect(root.querySelector("code")?.className).toBe("language-ts");
    expect(root.querySelector("td")?.textContent).toBe("c");
  });

  it("removes scripts, event handlers and styles from the sender", () => {
    const root = parse(
      '<script>window.__pwned=1</script><b onclick="window.__pwned=1" style="color:red">x</b>' +
        '<div onmouseover="x()"><span style="position:fixed">y</span></div>' +
        "<style>body{display:none}</style><iframe src='https://evil'></iframe><form><input></form>",
    );
    expect(root.querySelector("script, style, iframe, form, input")).toBeNull();
    expect(root.innerHTML).not.toMatch(/onclick|onmouseover|position:fixed|color:red|__pwned/);
    expect(root.querySelector("b")?.textContent).toBe("x");
  });

  it("lets links through only with safe schemes and adds target and rel", () => {
    const root = parse(
      '<a href="https://example.org/a">ok</a><a href="javascript:window.__pwned=1">bad</a>' +
        '<a href="JaVaScRiPt:alert(1)">bad2</a><a href="data:text/html,x">bad3</a>' +
        '<a href="/relative">rel</a><a href="mailto:a@b.c">mail</a><a href="magnet:?xt=urn:btih:abc">m</a>',
    );
    const links = [...root.querySelectorAll("a")];
    const hrefs = links.map((a) => a.getAttribute("href"));
    expect(hrefs).toEqual([
      "https://example.org/a",
      null,
      null,
      null,
      null,
      "mailto:a@b.c",
      "magnet:?xt=urn:btih:abc",
    ]);
    for (const a of links) {
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
      expect(a.getAttribute("target")).toBe("_blank");
    }
    expect(root.textContent).toContain("bad");
  });

  it("keeps images only with mxc:// sources, moved out of src", () => {
    const root = parse(
      '<img src="mxc://staffroom.local/abcDEF_12" alt="pic" width="40" onerror="window.__pwned=1">' +
        '<img src="https://tracker.example/pixel.gif"><img src="x" onerror="window.__pwned=1">' +
        '<img src="javascript:alert(1)"><img data-mx-src="https://evil/x.png">',
    );
    const images = [...root.querySelectorAll("img")];
    expect(images).toHaveLength(1);
    expect(images[0]?.getAttribute("src")).toBeNull();
    expect(images[0]?.getAttribute("data-mx-src")).toBe("mxc://staffroom.local/abcDEF_12");
    expect(images[0]?.getAttribute("alt")).toBe("pic");
    expect(images[0]?.getAttribute("onerror")).toBeNull();
  });

  it("strips mx-reply with its content and unknown tags but keeps their text", () => {
    const root = parse(
      "<mx-reply><blockquote>quoted old message</blockquote></mx-reply>answer <marquee>moving</marquee>",
    );
    expect(root.textContent).toBe("answer moving");
    expect(root.querySelector("blockquote, marquee")).toBeNull();
  });

  it("turns checked spec colours into CSS and drops bad ones and foreign attributes", () => {
    const root = parse(
      '<span data-mx-color="#ff0000" data-mx-bg-color="#00ff00">c</span>' +
        '<span data-mx-color="red;background:url(x)">d</span><p class="big" id="x" data-foo="1">p</p>',
    );
    const [good, bad] = [...root.querySelectorAll("span")];
    expect(good?.getAttribute("style")).toBe("color: #ff0000; background-color: #00ff00");
    expect(bad?.getAttribute("style")).toBeNull();
    expect(bad?.getAttribute("data-mx-color")).toBeNull();
    const p = root.querySelector("p");
    expect(p?.attributes).toHaveLength(0);
  });
});
