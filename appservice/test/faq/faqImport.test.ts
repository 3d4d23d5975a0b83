import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../src/faq/csv.ts";
import { formatFaqRowError, parseFaqCsv, parseFaqJson } from "../../src/faq/faqImport.ts";

const HEADER = "id,question,answer,url,keywords";

describe("parseCsv", () => {
  it("reads quoted fields with commas, quotes and line breaks, and knows each record's line", () => {
    const text = 'a,b\r\n"x, y","say ""hi""\nthere"\n\nlast,"" \n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"\nthere'] },
      { line: 5, fields: ["last", ""] },
    ]);
  });

  it("drops a BOM, accepts a last line without a newline and bare CR line ends", () => {
    expect(parseCsv("\uFEFFa,b\rc,d")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
    ]);
  });

  it("reports an unclosed quote with the line it opened on", () => {
    expect(() => parseCsv('a\n"never closed\nmore')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"never closed\nmore')).toThrow(/^line 2:/);
  });
});

describe("parseFaqCsv", () => {
  it("reads good rows in any column order, ignoring extra columns", () => {
    const text = `keywords,extra,answer,question,url,id\n"loan, due",x,Sign in,How do I renew?,https://l.example/r,renew\n`;
    const result = parseFaqCsv(text);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        id: "renew",
        question: "How do I renew?",
        answer: "Sign in",
        url: "https://l.example/r",
        keywords: "loan, due",
      },
    ]);
  });

  it("reports every bad row with its line number and field", () => {
    const text = [
      HEADER,
      "ok,Q?,A,,",
      ",Missing id?,A,,",
      '"multi",Q,"line one',
      'line two",javascript:alert(1),',
      "ok,Again?,A,,",
      "bad id!,Q,,,",
    ].join("\n");
    const result = parseFaqCsv(text);
    expect(result.total).toBe(5);
    expect(result.errors.map(formatFaqRowError)).toEqual([
      "line 3, id: is required",
      "line 4, url: must be an http:// or https:// address",
      "line 6, id: duplicate id ok (first used on line 2)",
      "line 7, answer: is required",
      "line 7, id: may only hold letters, digits, . _ and -",
    ]);
    expect(result.rows.map((r) => r.id)).toEqual(["ok"]);
  });

  it("names missing header columns", () => {
    expect(parseFaqCsv("id,question\n1,Q").errors.map(formatFaqRowError)).toEqual([
      "line 1, (file): the header lacks answer, url, keywords (expected id,question,answer,url,keywords)",
    ]);
  });

  it("handles huge fields: up to the limit accepted, beyond it reported", () => {
    const big = "word ".repeat(19_999); // 99,995 characters
    const huge = "x".repeat(150_000);
    const result = parseFaqCsv(`${HEADER}\nbig,Q,"${big}",,\nhuge,Q,${huge},,\n`);
    expect(result.rows.map((r) => r.id)).toEqual(["big"]);
    expect(result.errors.map(formatFaqRowError)).toEqual([
      "line 3, answer: is 150000 characters long; the limit is 100000",
    ]);
  });

  it("reports a broken quote as a file problem", () => {
    expect(parseFaqCsv(`${HEADER}\n1,"Q,A,,`).errors[0]).toMatchObject({
      location: "line 2",
      field: "(file)",
    });
  });
});

describe("parseFaqJson", () => {
  it("reads an array of objects; keywords may be a list", () => {
    const text = JSON.stringify([{ id: 7, question: "Q", answer: "A", keywords: ["a", "b"] }]);
    expect(parseFaqJson(text)).toEqual({
      rows: [{ id: "7", question: "Q", answer: "A", url: "", keywords: "a, b" }],
      errors: [],
      errorCount: 0,
      total: 1,
    });
  });

  it("reports bad items by position and field, and bad files as a whole", () => {
    const text = JSON.stringify([
      { id: "a", question: "Q", answer: "A" },
      "nope",
      { id: "b", question: { x: 1 }, answer: "A" },
    ]);
    expect(parseFaqJson(text).errors.map(formatFaqRowError)).toEqual([
      "item 2, (item): expected an object",
      "item 3, question: must be text",
    ]);
    expect(parseFaqJson("{").errors[0]?.message).toMatch(/^not valid JSON/);
    expect(parseFaqJson('{"id":1}').errors[0]?.message).toBe("expected an array of FAQ objects");
  });
});

describe("broken files of any size", () => {
  it("keeps the first 100 problems of a 10 MB file of bad rows and counts them all", () => {
    const text = `${HEADER}\n${",,,,\n".repeat(2_000_000)}`;
    expect(text.length).toBeGreaterThan(10_000_000);
    const result = parseFaqCsv(text);
    expect(result.total).toBe(2_000_000);
    expect(result.errors).toHaveLength(100);
    // id, question and answer are required on every row.
    expect(result.errorCount).toBe(6_000_000);
    expect(result.errors[0]).toEqual({ location: "line 2", field: "id", message: "is required" });
  });

  it("reports one giant unterminated quoted field as one problem, quoting none of it", () => {
    const result = parseFaqCsv(`${HEADER}\na,Q,"${"x".repeat(10_000_000)}`);
    expect(result.errorCount).toBe(1);
    expect(result.errors[0]).toEqual({
      location: "line 2",
      field: "(file)",
      message: "line 2: a quoted field is never closed",
    });
  });
});

describe("the demo FAQ (tests/fixtures/faq-sample.csv)", () => {
  it("parses without problems", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(
      new URL("../../../tests/fixtures/faq-sample.csv", import.meta.url),
      "utf8",
    );
    const result = parseFaqCsv(text);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(12);
  });
});
