import { beforeAll, describe, expect, it } from "vitest";
import { registerWithSharedSecret } from "@staffroom/appservice/setup";
import { buildFaqShareContent } from "../../appservice/src/faq/faqMessage.ts";
import type { MatrixTestClient } from "../harness/matrixTestClient.ts";
import { useTestEnv } from "../harness/testEnv.ts";
import { waitFor } from "../harness/waitFor.ts";

// FAQs end to end on a real Synapse (the appservice on SQLite or PostgreSQL): the admin API imports and edits, staff search, `!faq`
// from a plain Matrix client answers and shares, and every share seen is counted.

/** Declares the FAQ end-to-end tests against an appservice on `database`. */
export function faqSuite(database: "sqlite" | "postgres"): void {
  const env = useTestEnv({ users: ["alice", "bob"], admins: ["alice"], database });

  type Answer = { status: number; body: Record<string, unknown> };

  async function api(
    token: string | undefined,
    method: string,
    path: string,
    body?: string | object,
    contentType = "application/json",
  ): Promise<Answer> {
    const response = await fetch(new URL(path, env().appserviceUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": contentType }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const CSV = [
    "id,question,answer,url,keywords,notes",
    'renew,How do I renew a book?,"Sign in to **My Account**, then choose Renew.",https://library.example/renew,"loan, due date",x',
    "wifi,How do I join the wifi?,Use the network Library-Guest.,,internet,",
  ].join("\r\n");

  let groupId = 0;

  beforeAll(async () => {
    await env().appservice.sync.idle();
    const alice = env().getUser("alice");
    const created = await api(alice.accessToken, "POST", "/api/admin/faq/groups", {
      name: "Loans",
      description: "Borrowing",
      visibility: "public",
    });
    expect(created, JSON.stringify(created.body)).toMatchObject({ status: 201 });
    groupId = created.body["id"] as number;
  });

  describe("FAQ admin API", () => {
    it("refuses missing tokens, outsiders and non-admins", async () => {
      expect((await api(undefined, "GET", "/api/faq/search?q=renew")).status).toBe(401);
      const outsider = await registerWithSharedSecret({
        homeserverUrl: env().synapse.url,
        sharedSecret: env().synapse.secrets.registration_shared_secret,
        username: "zed",
        password: `pw-zed-${Date.now()}`,
      });
      expect(await api(outsider.access_token, "GET", "/api/faq/search?q=renew")).toMatchObject({
        status: 403,
        body: { errcode: "M_FORBIDDEN" },
      });
      const bob = env().getUser("bob").accessToken;
      expect((await api(bob, "GET", "/api/admin/faq/groups")).status).toBe(403);
      expect(
        (await api(bob, "POST", `/api/admin/faq/groups/${groupId}/import`, CSV, "text/csv")).status,
      ).toBe(403);
      expect((await api(bob, "GET", "/api/admin/faq/stats")).status).toBe(403);
    });

    it("streams an import's progress as NDJSON to a caller that asks for it", async () => {
      const alice = env().getUser("alice").accessToken;
      const group = await api(alice, "POST", "/api/admin/faq/groups", { name: "Bulk" });
      const url = new URL(
        `/api/admin/faq/groups/${String(group.body["id"])}/import`,
        env().appserviceUrl,
      );
      const post = (body: string) =>
        fetch(url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${alice}`,
            "content-type": "text/csv",
            accept: "application/x-ndjson",
          },
          body,
        });
      const rows = Array.from({ length: 1200 }, (_, i) => `bulk-${i},Q ${i}?,A ${i}.,,`);
      const response = await post(["id,question,answer,url,keywords", ...rows].join("\n"));
      expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      const lines = (await response.text())
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.slice(0, -1)).toEqual([
        { progress: { done: 500, total: 1200 } },
        { progress: { done: 1000, total: 1200 } },
        { progress: { done: 1200, total: 1200 } },
      ]);
      expect(lines.at(-1)).toMatchObject({ result: { imported: 1200, created: 1200 } });
      // A bad file is still refused before anything is written, as a plain JSON 400.
      const refused = await post("id,question\nx,");
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ errcode: "M_INVALID_PARAM", imported: 0 });
      await api(alice, "DELETE", `/api/admin/faq/groups/${String(group.body["id"])}`);
    });

    it("rejects a file with a bad row as a whole, naming line and field; imports a good one", async () => {
      const alice = env().getUser("alice").accessToken;
      const bad = `${CSV}\r\n,No id?,Answer,,`;
      const refused = await api(
        alice,
        "POST",
        `/api/admin/faq/groups/${groupId}/import`,
        bad,
        "text/csv",
      );
      expect(refused).toMatchObject({
        status: 400,
        body: { errcode: "M_INVALID_PARAM", imported: 0 },
      });
      expect(refused.body["errors"]).toEqual([
        { location: "line 4", field: "id", message: "is required" },
      ]);
      expect(
        (await api(alice, "GET", `/api/admin/faq/groups/${groupId}/entries`)).body["total"],
      ).toBe(0);

      const skipped = await api(
        alice,
        "POST",
        `/api/admin/faq/groups/${groupId}/import?skip_invalid=true`,
        bad,
        "text/csv",
      );
      expect(skipped.body).toMatchObject({
        total: 3,
        imported: 2,
        created: 2,
        updated: 0,
        skipped: 1,
      });
      const again = await api(
        alice,
        "POST",
        `/api/admin/faq/groups/${groupId}/import`,
        CSV,
        "text/csv",
      );
      expect(again.body).toMatchObject({ imported: 2, created: 0, updated: 2, errors: [] });
      const json = [
        {
          id: "printing",
          question: "Can I print?",
          answer: "<p>Yes <script>x()</script></p>",
          keywords: ["printer"],
        },
      ];
      expect(
        (await api(alice, "POST", `/api/admin/faq/groups/${groupId}/import`, json)).body,
      ).toMatchObject({ created: 1 });
      const entry = await api(alice, "PUT", `/api/admin/faq/groups/${groupId}/entries/printing`, {
        question: "Can I print from a laptop?",
        answer: "<p>Yes <script>x()</script></p>",
      });
      expect(entry).toMatchObject({
        status: 200,
        body: { answer_format: "html", answer_html: "<p>Yes </p>" },
      });
      expect(
        (
          await api(alice, "PUT", `/api/admin/faq/groups/${groupId}/entries/x`, {
            question: "",
            answer: "a",
          })
        ).body,
      ).toMatchObject({
        errcode: "M_INVALID_PARAM",
        error: "question: is required",
      });
    });

    it("searches ranked with snippets; odd queries never fail", async () => {
      const bob = env().getUser("bob").accessToken;
      const found = await api(bob, "GET", "/api/faq/search?q=ren&limit=5");
      expect(found.status).toBe(200);
      const [first] = found.body["results"] as Record<string, unknown>[];
      expect(first).toMatchObject({
        id: "renew",
        group: "Loans",
        question: "How do I renew a book?",
        url: "https://library.example/renew",
      });
      expect(String(first?.["snippet"])).toContain("<mark>");
      for (const q of ['"', "NEAR(", "*", "a".repeat(5000), "(renew OR"]) {
        const answer = await api(bob, "GET", `/api/faq/search?q=${encodeURIComponent(q)}`);
        expect(answer.status, q.slice(0, 20)).toBe(200);
      }
      expect((await api(bob, "GET", "/api/faq/search?q=x&limit=500")).body).toMatchObject({
        errcode: "M_INVALID_PARAM",
      });
      expect((await api(bob, "GET", "/api/faq/groups")).body["groups"]).toMatchObject([
        { name: "Loans", entries: 3 },
      ]);
    });
  });

  describe("!faq from a plain Matrix client", () => {
    it("answers a search, posts a card crediting the asker, and counts shares", async () => {
      const bob = env().getUser("bob");
      const roomId = await allStaffRoom(bob);
      await bob.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});

      await bob.sendText(roomId, "!faq renew books");
      const notice = await bob.waitForRoomEvent({
        roomId,
        eventType: "m.room.message",
        sender: env().botUserId,
        match: (e) =>
          e.content["msgtype"] === "m.notice" && String(e.content["body"]).includes("[renew]"),
      });
      expect(notice.content["body"]).toContain("How do I renew a book? (Loans)");

      await bob.sendText(roomId, "!faq share renew");
      const card = await bob.waitForRoomEvent({
        roomId,
        eventType: "m.room.message",
        sender: env().botUserId,
        match: (e) => e.content["org.staffroom.faq"] !== undefined,
      });
      expect(card.content).toMatchObject({
        msgtype: "m.text",
        "org.staffroom.faq": { id: "renew", group: "Loans" },
      });
      expect(String(card.content["body"])).toMatch(
        /^FAQ: How do I renew a book\?[\s\S]*Shared by /,
      );

      await bob.sendText(roomId, "!faq share");
      await bob.waitForRoomEvent({
        roomId,
        eventType: "m.room.message",
        sender: env().botUserId,
        match: (e) => String(e.content["body"]).startsWith("!faq share needs the id"),
      });

      // A share sent by a client (as ours does) counts too.
      const content = buildFaqShareContent({
        id: "wifi",
        group: "Loans",
        question: "How do I join the wifi?",
        answerHtml: "<p>Use the network.</p>",
        answerText: "Use the network.",
        url: "",
      });
      await bob.request(
        "PUT",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/share-1`,
        content,
      );

      const alice = env().getUser("alice").accessToken;
      const stats = await waitFor("both shares to be counted", async () => {
        const answer = await api(alice, "GET", "/api/admin/faq/stats");
        // The last answer is in the timeout message when this fails.
        const counted =
          answer.body["total_shares"] === 2 &&
          (answer.body["most_shared"] as unknown[]).length === 2;
        if (!counted) throw new Error(JSON.stringify(answer.body));
        return answer.body;
      });
      expect(stats["most_shared"]).toMatchObject([
        { id: "renew", group: "Loans", shares: 1 },
        { id: "wifi", group: "Loans", shares: 1 },
      ]);
      expect(stats["never_shared"]).toEqual([
        { id: "printing", group: "Loans", question: "Can I print from a laptop?" },
      ]);
    });
  });

  async function allStaffRoom(user: MatrixTestClient): Promise<string> {
    const alias = encodeURIComponent(`#all-staff:${env().serverName}`);
    return (
      await user.request<{ room_id: string }>("GET", `/_matrix/client/v3/directory/room/${alias}`)
    ).room_id;
  }
}
