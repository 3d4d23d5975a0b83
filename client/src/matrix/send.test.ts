import { describe, expect, it } from "vitest";
import { textContentOf } from "./send.ts";

describe("textContentOf", () => {
  it("sends plain text as a plain body only", () => {
    expect(textContentOf({ body: "hello" })).toEqual({ msgtype: "m.text", body: "hello" });
  });

  it("adds format and formatted_body only when there is HTML", () => {
    expect(textContentOf({ body: "hi all", html: "<b>hi</b> all" })).toEqual({
      msgtype: "m.text",
      body: "hi all",
      format: "org.matrix.custom.html",
      formatted_body: "<b>hi</b> all",
    });
  });
});
