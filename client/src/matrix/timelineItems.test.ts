import { describe, expect, it } from "vitest";
import { toTimelineItems, type RawTimelineEvent } from "./timelineItems.ts";

const ME = "@alice:x";
let n = 0;
function ev(
  partial: Partial<RawTimelineEvent> & { content: Record<string, unknown> },
): RawTimelineEvent {
  n++;
  return {
    key: partial.id ?? `$e${n}`,
    id: `$e${n}`,
    type: "m.room.message",
    sender: "@bob:x",
    senderName: "Bob",
    ts: 1000 * n,
    redacted: false,
    sendState: "sent",
    ...partial,
  };
}

describe("toTimelineItems", () => {
  it("maps text messages with sender, time, body and formatted body", () => {
    const [item] = toTimelineItems(
      [
        ev({
          id: "$a",
          content: {
            msgtype: "m.text",
            body: "hi",
            format: "org.matrix.custom.html",
            formatted_body: "<b>hi</b>",
          },
        }),
      ],
      ME,
    );
    expect(item).toMatchObject({
      id: "$a",
      sender: "@bob:x",
      senderName: "Bob",
      msgtype: "m.text",
      body: "hi",
      formattedBody: "<b>hi</b>",
      mine: false,
      edited: false,
      redacted: false,
    });
  });

  it("ignores formatted_body in another format and leaves out state events", () => {
    const items = toTimelineItems(
      [
        ev({ type: "m.room.member", content: { membership: "join" } }),
        ev({
          content: {
            msgtype: "m.text",
            body: "x",
            format: "text/markdown",
            formatted_body: "**x**",
          },
        }),
      ],
      ME,
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.formattedBody).toBeUndefined();
  });

  it("applies the newest edit by the same sender and hides the edit events", () => {
    const original = ev({ id: "$orig", content: { msgtype: "m.text", body: "teh" } });
    const edit = (body: string, sender = "@bob:x") =>
      ev({
        sender,
        content: {
          msgtype: "m.text",
          body: `* ${body}`,
          "m.new_content": { msgtype: "m.text", body },
          "m.relates_to": { rel_type: "m.replace", event_id: "$orig" },
        },
      });
    const items = toTimelineItems(
      [original, edit("the"), edit("then"), edit("hacked", "@eve:x")],
      ME,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: "$orig", body: "then", edited: true });
  });

  it("uses an edit the server bundled when the edit event itself is not loaded", () => {
    const items = toTimelineItems(
      [
        ev({
          id: "$o",
          content: { msgtype: "m.text", body: "old" },
          bundledEdit: {
            sender: "@bob:x",
            ts: 99,
            content: { "m.new_content": { msgtype: "m.text", body: "new" } },
          },
        }),
      ],
      ME,
    );
    expect(items[0]).toMatchObject({ body: "new", edited: true });
  });

  it("shows redacted messages as deleted, and a redacted edit no longer applies", () => {
    const items = toTimelineItems(
      [
        ev({ id: "$gone", redacted: true, content: {} }),
        ev({ id: "$kept", content: { msgtype: "m.text", body: "v1" } }),
        ev({ redacted: true, wasEdit: true, content: {} }),
      ],
      ME,
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ id: "$gone", redacted: true, body: "" });
    expect(items[1]).toMatchObject({ id: "$kept", body: "v1", edited: false });
  });

  it("maps files and images with their info, and captions per spec v1.10", () => {
    const [file, image, captioned] = toTimelineItems(
      [
        ev({
          content: {
            msgtype: "m.file",
            body: "report.pdf",
            url: "mxc://x/file1",
            info: { size: 2048, mimetype: "application/pdf" },
          },
        }),
        ev({
          content: {
            msgtype: "m.image",
            body: "cat.png",
            url: "mxc://x/img1",
            info: { w: 640, h: 480, mimetype: "image/png" },
          },
        }),
        ev({
          content: { msgtype: "m.image", body: "Look!", filename: "dog.jpg", url: "mxc://x/img2" },
        }),
      ],
      ME,
    );
    expect(file).toMatchObject({
      msgtype: "m.file",
      body: "",
      file: { mxc: "mxc://x/file1", name: "report.pdf", size: 2048, mimetype: "application/pdf" },
    });
    expect(image?.file).toMatchObject({
      mxc: "mxc://x/img1",
      name: "cat.png",
      width: 640,
      height: 480,
    });
    expect(captioned).toMatchObject({ body: "Look!", file: { name: "dog.jpg" } });
  });

  it("shows media without a usable mxc URL as plain text rather than a broken file", () => {
    const [item] = toTimelineItems(
      [ev({ content: { msgtype: "m.image", body: "x.png", url: "https://evil/x.png" } })],
      ME,
    );
    expect(item).toMatchObject({ msgtype: "m.text", body: "x.png" });
    expect(item?.file).toBeUndefined();
  });

  it("flags encrypted events and marks own, pending and failed messages", () => {
    const items = toTimelineItems(
      [
        ev({
          type: "m.room.encrypted",
          content: { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "…" },
        }),
        ev({ sender: ME, sendState: "pending", content: { msgtype: "m.text", body: "sending" } }),
        ev({ sender: ME, sendState: "failed", content: { msgtype: "m.text", body: "oops" } }),
      ],
      ME,
    );
    expect(items[0]).toMatchObject({ encrypted: true, body: "" });
    expect(items[1]).toMatchObject({ mine: true, sendState: "pending" });
    expect(items[2]).toMatchObject({ mine: true, sendState: "failed" });
  });

  it("drops the quoted fallback of replies from the body", () => {
    const [item] = toTimelineItems(
      [
        ev({
          content: {
            msgtype: "m.text",
            body: "> <@bob:x> question?\n> more\n\nthe answer",
            "m.relates_to": { "m.in_reply_to": { event_id: "$q" } },
          },
        }),
      ],
      ME,
    );
    expect(item?.body).toBe("the answer");
  });

  it("quotes the original above an Element reply, and its fallback is shown once", () => {
    const items = toTimelineItems(
      [
        ev({ id: "$q", content: { msgtype: "m.text", body: "Who has the desk key?\nthanks" } }),
        ev({
          id: "$r",
          sender: ME,
          senderName: "Alice",
          content: {
            msgtype: "m.text",
            body: "> <@bob:x> Who has the desk key?\n\nI do",
            format: "org.matrix.custom.html",
            formatted_body:
              "<mx-reply><blockquote>Who has the desk key?</blockquote></mx-reply>I do",
            "m.relates_to": { "m.in_reply_to": { event_id: "$q" } },
          },
        }),
      ],
      ME,
    );
    expect(items[1]).toMatchObject({
      body: "I do",
      replyTo: { eventId: "$q", senderName: "Bob", preview: "Who has the desk key?" },
    });
  });

  it("keeps a reply to a message further up, to be found on demand", () => {
    const [item] = toTimelineItems(
      [
        ev({
          content: {
            msgtype: "m.text",
            body: "yes",
            "m.relates_to": { "m.in_reply_to": { event_id: "$old" } },
          },
        }),
      ],
      ME,
    );
    expect(item?.replyTo).toEqual({ eventId: "$old" });
  });

  it("marks thread messages with their root and does not call them replies", () => {
    const items = toTimelineItems(
      [
        ev({ id: "$root", content: { msgtype: "m.text", body: "Rota for December" } }),
        ev({
          content: {
            msgtype: "m.text",
            body: "I'll take the 3rd",
            "m.relates_to": {
              rel_type: "m.thread",
              event_id: "$root",
              is_falling_back: true,
              "m.in_reply_to": { event_id: "$root" },
            },
          },
        }),
      ],
      ME,
    );
    expect(items).toHaveLength(2);
    expect(items[1]?.thread).toEqual({ rootId: "$root", rootPreview: "Rota for December" });
    expect(items[1]?.replyTo).toBeUndefined();
  });

  it("puts reactions under the message they annotate and hides the reaction events", () => {
    const items = toTimelineItems(
      [
        ev({ id: "$m", content: { msgtype: "m.text", body: "Lunch?" } }),
        ev({
          type: "m.reaction",
          content: { "m.relates_to": { rel_type: "m.annotation", event_id: "$m", key: "👍" } },
        }),
      ],
      ME,
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.reactions).toEqual([{ key: "👍", count: 1, mine: false, senders: ["Bob"] }]);
  });
});
