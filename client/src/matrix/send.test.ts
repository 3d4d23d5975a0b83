import { describe, expect, it } from "vitest";
import { textContentOf } from "./send.ts";

describe("textContentOf", () => {
  it("sends plain text as a plain body, mentioning nobody", () => {
    expect(textContentOf({ body: "hello" })).toEqual({
      msgtype: "m.text",
      body: "hello",
      "m.mentions": {},
    });
  });

  it("adds format and formatted_body only when there is HTML", () => {
    expect(textContentOf({ body: "hi all", html: "<b>hi</b> all" })).toEqual({
      msgtype: "m.text",
      body: "hi all",
      format: "org.matrix.custom.html",
      formatted_body: "<b>hi</b> all",
      "m.mentions": {},
    });
  });

  it("names the people mentioned in m.mentions", () => {
    const content = textContentOf({
      body: "Ana, see this",
      html: '<a href="https://matrix.to/#/@ana:x">Ana</a>, see this',
      mentions: { user_ids: ["@ana:x"] },
    });
    expect(content["m.mentions"]).toEqual({ user_ids: ["@ana:x"] });
  });
});
