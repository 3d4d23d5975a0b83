import { describe, expect, it } from "vitest";
import { highlightSegments } from "./highlightSegments.ts";

describe("highlightSegments", () => {
  it("marks every occurrence of the words, whatever their case", () => {
    expect(highlightSegments("Key? The KEY is at the desk.", ["key", "desk"])).toEqual([
      { text: "Key", match: true },
      { text: "? The ", match: false },
      { text: "KEY", match: true },
      { text: " is at the ", match: false },
      { text: "desk", match: true },
      { text: ".", match: false },
    ]);
  });

  it("takes words literally, HTML and regular-expression characters included", () => {
    expect(highlightSegments("<b>a+b</b> (x)", ["a+b", "(x)"])).toEqual([
      { text: "<b>", match: false },
      { text: "a+b", match: true },
      { text: "</b> ", match: false },
      { text: "(x)", match: true },
    ]);
  });

  it("returns the text whole when nothing is searched", () => {
    expect(highlightSegments("hello", [])).toEqual([{ text: "hello", match: false }]);
    expect(highlightSegments("hello", [" "])).toEqual([{ text: "hello", match: false }]);
  });
});
