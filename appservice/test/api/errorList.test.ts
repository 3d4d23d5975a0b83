import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/apiError.ts";
import {
  capErrors,
  clip,
  ERROR_LIST_CAP,
  ErrorCollector,
  problemCount,
} from "../../src/api/errorList.ts";

describe("error list limits", () => {
  it("clips long values to 80 characters and an ellipsis", () => {
    expect(clip("short")).toBe("short");
    expect(clip("x".repeat(1_000_000))).toBe(`${"x".repeat(80)}…`);
    expect(clip("abcdef", 3)).toBe("abc…");
  });

  it("caps a list at 100 with the total, and says so in words", () => {
    const all = Array.from({ length: 12_345 }, (_, i) => i);
    expect(capErrors(all)).toEqual({ errors: all.slice(0, 100), error_count: 12_345 });
    expect(capErrors([1, 2], 50)).toEqual({ errors: [1, 2], error_count: 50 });
    expect(problemCount(12_345)).toBe("first 100 of 12345 problems");
    expect(problemCount(100)).toBe("100 problems");
    expect(problemCount(1)).toBe("1 problem");
  });

  it("collects millions of problems holding only the first 100", () => {
    const collector = new ErrorCollector<number>();
    for (let i = 0; i < 2_000_000; i++) collector.add(i);
    expect(collector.count).toBe(2_000_000);
    expect(collector.kept).toHaveLength(ERROR_LIST_CAP);
    expect(collector.kept.at(-1)).toBe(99);
  });

  it("ApiError bodies stay small whatever they were given", () => {
    const errors = Array.from({ length: 10_000 }, (_, i) => ({
      field: `f${i}`,
      message: "m".repeat(100_000),
    }));
    const body = new ApiError("M_INVALID_PARAM", "e".repeat(5_000_000), undefined, {
      errors,
    }).toBody();
    expect(body.errors).toHaveLength(100);
    expect(body.error_count).toBe(10_000);
    expect(JSON.stringify(body).length).toBeLessThan(1_000_000);
    expect(body.error).toHaveLength(2_001);
  });
});
