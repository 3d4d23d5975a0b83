import { describe, expect, it } from "vitest";
import { editContentOf, reactionContentOf, replyContentOf } from "./messageActions.ts";

describe("message action contents (the spec's shapes, as Element reads them)", () => {
  it("a reply names its original and mentions its sender, with no quoted fallback", () => {
    const content = replyContentOf(
      { body: "On it" },
      { eventId: "$q", sender: "@bob:x" },
      "@alice:x",
    );
    expect(content).toEqual({
      msgtype: "m.text",
      body: "On it",
      "m.relates_to": { "m.in_reply_to": { event_id: "$q" } },
      "m.mentions": { user_ids: ["@bob:x"] },
    });
  });

  it("a reply to oneself mentions nobody", () => {
    const content = replyContentOf(
      { body: "also" },
      { eventId: "$q", sender: "@alice:x" },
      "@alice:x",
    );
    expect(content["m.mentions"]).toEqual({});
  });

  it("an edit carries the new text in m.new_content and a '* ' fallback, formatting kept", () => {
    const content = editContentOf({ body: "fixed", html: "<b>fixed</b>" }, "$orig");
    expect(content).toEqual({
      msgtype: "m.text",
      body: "* fixed",
      format: "org.matrix.custom.html",
      formatted_body: "* <b>fixed</b>",
      "m.new_content": {
        msgtype: "m.text",
        body: "fixed",
        format: "org.matrix.custom.html",
        formatted_body: "<b>fixed</b>",
        "m.mentions": {},
      },
      "m.relates_to": { rel_type: "m.replace", event_id: "$orig" },
      "m.mentions": {},
    });
  });

  it("a reaction annotates the message with its key", () => {
    expect(reactionContentOf("$m", "👍")).toEqual({
      "m.relates_to": { rel_type: "m.annotation", event_id: "$m", key: "👍" },
    });
  });
});
