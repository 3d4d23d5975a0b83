import { describe, expect, it } from "vitest";
import { faqFileFormat, ndjsonReader } from "./faqImportUpload.ts";

describe("faqFileFormat", () => {
  it("knows CSV and JSON by name or type, and nothing else", () => {
    expect(faqFileFormat({ name: "FAQ.CSV", type: "" })).toBe("csv");
    expect(faqFileFormat({ name: "export", type: "text/csv" })).toBe("csv");
    expect(faqFileFormat({ name: "faq.json", type: "" })).toBe("json");
    expect(faqFileFormat({ name: "faq", type: "application/json" })).toBe("json");
    expect(faqFileFormat({ name: "faq.xlsx", type: "application/vnd.ms-excel" })).toBeUndefined();
  });
});

describe("ndjsonReader", () => {
  it("returns each complete line once, holding back a partial one", () => {
    const read = ndjsonReader();
    const first = '{"progress":{"done":500,"total":1200}}\n{"progress":{"do';
    expect(read(first)).toEqual([{ progress: { done: 500, total: 1200 } }]);
    expect(read(first)).toEqual([]);
    const whole = `${first}ne":1000,"total":1200}}\n{"result":{"imported":2}}\n`;
    expect(read(whole)).toEqual([
      { progress: { done: 1000, total: 1200 } },
      { result: { imported: 2 } },
    ]);
    expect(read(`${whole}\n`)).toEqual([]);
  });
});
