import DOMPurify, { type DOMPurify as Purifier } from "dompurify";

/**
 * Tags the Matrix spec suggests for `formatted_body` (instant_messaging, "HTML"), nothing more.
 * `font` is deprecated in favour of `span` and left out on purpose.
 */
const ALLOWED_TAGS = [
  "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup", "sub",
  "li", "b", "i", "u", "strong", "em", "s", "code", "hr", "br", "div", "table", "thead",
  "tbody", "tr", "th", "td", "caption", "pre", "span", "img", "details", "summary",
]; // prettier-ignore

/** Attributes per tag (spec table). Anything else, on any tag, is dropped. */
const ATTRIBUTES_BY_TAG: Readonly<Record<string, readonly string[]>> = {
  span: ["data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"],
  a: ["href", "target"],
  img: ["width", "height", "alt", "title", "data-mx-src"],
  ol: ["start"],
  code: ["class"],
  div: ["data-mx-maths"],
};

/** The attribute that carries an inline image's `mxc://` URI once `src` is taken away. */
export const MXC_IMAGE_ATTRIBUTE = "data-mx-src";

const ALLOWED_ATTR = [...new Set(Object.values(ATTRIBUTES_BY_TAG).flat())];
// Absolute links with the spec's schemes only: no javascript:, data:, or relative URLs.
const LINK_SCHEME = /^(?:https?|ftp|mailto|magnet):/i;
const MXC_URI = /^mxc:\/\/[A-Za-z0-9.:[\]-]+\/[A-Za-z0-9_-]+$/;
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const DIMENSION = /^\d{1,4}$/;

let purifier: Purifier | undefined;

/** One DOMPurify instance of our own, so our hooks never leak into other users of the library. */
function getPurifier(): Purifier {
  if (purifier) return purifier;
  const instance = DOMPurify(window);

  instance.addHook("beforeSanitizeAttributes", (node) => {
    if (node.nodeName !== "IMG") return;
    // Only images stored on the homeserver: `src` never survives (the browser would fetch it
    // without authentication, or fetch a tracker); a valid mxc:// URI moves to data-mx-src and
    // the view loads it through the authenticated media helper. Anything else loses the image.
    const src = node.getAttribute("src") ?? "";
    node.removeAttribute("src");
    node.removeAttribute(MXC_IMAGE_ATTRIBUTE);
    if (MXC_URI.test(src)) node.setAttribute(MXC_IMAGE_ATTRIBUTE, src);
    else node.remove();
  });

  instance.addHook("uponSanitizeAttribute", (node, data) => {
    const allowed = ATTRIBUTES_BY_TAG[node.nodeName.toLowerCase()] ?? [];
    if (!allowed.includes(data.attrName)) {
      data.keepAttr = false;
      return;
    }
    const value = data.attrValue;
    switch (data.attrName) {
      case "href":
        data.keepAttr = LINK_SCHEME.test(value);
        // magnet: is not in DOMPurify's own URL list; our scheme check is the stricter one.
        data.forceKeepAttr = data.keepAttr;
        break;
      case MXC_IMAGE_ATTRIBUTE:
        data.keepAttr = MXC_URI.test(value);
        data.forceKeepAttr = data.keepAttr; // not a URL DOMPurify knows; we checked it ourselves
        break;
      case "class":
        // Only code-block languages (`language-js`), never layout classes from the sender.
        data.attrValue = value
          .split(/\s+/)
          .filter((c) => /^language-[A-Za-z0-9+#-]+$/.test(c))
          .join(" ");
        data.keepAttr = data.attrValue !== "";
        break;
      case "width":
      case "height":
      case "start":
        data.keepAttr = DIMENSION.test(value);
        break;
      case "data-mx-color":
      case "data-mx-bg-color":
        data.keepAttr = HEX_COLOUR.test(value);
        break;
    }
  });

  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") {
      // Links open outside the app and must not get a handle on it (spec: rel="noopener").
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
    if (node.nodeName === "SPAN") {
      // The spec's colour attributes become CSS here, from values already checked as #rrggbb;
      // senders' own `style` attributes never get through.
      const colour = node.getAttribute("data-mx-color");
      const background = node.getAttribute("data-mx-bg-color");
      const style = [
        colour ? `color: ${colour}` : "",
        background ? `background-color: ${background}` : "",
      ].filter(Boolean);
      if (style.length > 0) node.setAttribute("style", style.join("; "));
    }
  });

  purifier = instance;
  return instance;
}

/**
 * Cleans a message's `formatted_body` (`org.matrix.custom.html`) down to the Matrix spec's
 * allow-list so it can be set as `innerHTML`: no scripts, event handlers, styles, forms or
 * `javascript:` links; links get `target="_blank"` and `rel="noopener noreferrer"` and keep only
 * http(s), ftp, mailto and magnet URLs; `<img>` survives only with an `mxc://` source, moved to
 * `data-mx-src` for the authenticated media helper; `<mx-reply>` fallbacks are removed with their
 * content.
 * @param html - the untrusted HTML from the event
 * @param extraTags - attribute-free tags to allow on top of the spec's, e.g. `["mark"]` for the
 *   highlighted matches of FAQ search answers
 * @returns HTML safe to insert into the page
 * @example
 * el.innerHTML = sanitizeHtml(item.formattedBody);
 */
export function sanitizeHtml(html: string, extraTags: readonly string[] = []): string {
  return getPurifier().sanitize(html, {
    ALLOWED_TAGS: extraTags.length === 0 ? ALLOWED_TAGS : [...ALLOWED_TAGS, ...extraTags],
    // `style` and `rel` are only ever set by our own hook after this check, never taken from input.
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    // mx-reply is a quoted copy of another message (dropped since spec v1.13): remove it whole.
    ADD_FORBID_CONTENTS: ["mx-reply"],
    KEEP_CONTENT: true,
    RETURN_TRUSTED_TYPE: false,
  });
}
