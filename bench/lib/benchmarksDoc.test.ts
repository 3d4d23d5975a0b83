import { describe, expect, it } from "vitest";
import { replaceSection } from "./benchmarksDoc.ts";

const doc = "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n";

describe("replaceSection", () => {
  it("replaces only the named section", () => {
    expect(replaceSection(doc, "A", "## A\n\nnew a\n")).toBe(
      "# Benchmarks\n\n## A\n\nnew a\n\n## B\n\nold b\n",
    );
    expect(replaceSection(doc, "B", "## B\n\nnew b")).toBe(
      "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n",
    );
  });

  it("appends a section that is not there yet", () => {
    expect(replaceSection(doc, "C", "## C\n\nc\n")).toBe(`${doc}\n## C\n\nc\n`);
  });

  it("does not mistake a longer title for the named one", () => {
    const withPrefix = "# Benchmarks\n\n## A and more\n\nx\n";
    expect(replaceSection(withPrefix, "A", "## A\n\ny\n")).toBe(`${withPrefix}\n## A\n\ny\n`);
  });
});
