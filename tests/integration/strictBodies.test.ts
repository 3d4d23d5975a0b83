import { beforeAll, describe, expect, it } from "vitest";
import { useTestEnv } from "../harness/testEnv.ts";

// Strict request bodies on the real appservice and a real Synapse: the sync route wants
// {"dry_run": true|false} and runs nothing otherwise, every write route names unknown keys,
// and non-object JSON is answered with what was expected (docs/contracts.md, "Request bodies").

const env = useTestEnv({
  users: ["alice", "bob"],
  admins: ["alice"],
  // Meetings on (the routes validate bodies); no LiveKit or mail is reached by these tests.
  meetings: () => ({
    enabled: true,
    public_url: "http://staffroom.test:8080",
    livekit: {
      url: "ws://127.0.0.1:9",
      api_url: "http://127.0.0.1:9",
      api_key: "test",
      api_secret: "a-secret-of-more-than-thirty-two-chars",
    },
  }),
});

type Answer = { status: number; body: Record<string, unknown> };

/** Sends `body` as is (a string) with `type`, or no body at all. */
async function send(
  method: string,
  path: string,
  body?: string,
  type = "application/json",
  token = env().getUser("alice").accessToken,
): Promise<Answer> {
  const response = await fetch(new URL(`/api${path}`, env().appserviceUrl), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": type }),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const json = (method: string, path: string, value: unknown) =>
  send(method, path, JSON.stringify(value));

async function apiSyncRuns(): Promise<number> {
  await env().appservice.sync.idle();
  const [row] = await env().appservice.db("sync_runs").where({ trigger: "api" }).count({ n: "*" });
  return Number(row?.["n"] ?? 0);
}

describe("POST /api/admin/sync body", () => {
  const shape = 'the body must be a JSON object {"dry_run": true|false}';

  it("refuses every body but {dry_run: boolean} with 400 naming it, and runs no pass", async () => {
    const before = await apiSyncRuns();
    const refused: [string, Answer, string, RegExp | string][] = [
      [
        "no body",
        await send("POST", "/admin/sync"),
        "M_INVALID_PARAM",
        `the request has no body; ${shape}`,
      ],
      [
        "{}",
        await send("POST", "/admin/sync", "{}"),
        "M_INVALID_PARAM",
        `dry_run: is required (true|false); ${shape}`,
      ],
      [
        "a typo",
        await json("POST", "/admin/sync", { dryrun: true }),
        "M_INVALID_PARAM",
        /unknown key "dryrun" \(expected one of: dry_run\)/,
      ],
      ["null", await send("POST", "/admin/sync", "null"), "M_INVALID_PARAM", `${shape}, not null`],
      ["[]", await send("POST", "/admin/sync", "[]"), "M_INVALID_PARAM", `${shape}, not an array`],
      [
        "text/plain",
        await send("POST", "/admin/sync", '{"dry_run":false}', "text/plain"),
        "M_NOT_JSON",
        /^a JSON body is expected \(Content-Type: application\/json\), got text\/plain/,
      ],
      [
        "a string",
        await json("POST", "/admin/sync", { dry_run: "false" }),
        "M_INVALID_PARAM",
        "dry_run: dry_run must be true (plan only) or false (run the pass)",
      ],
    ];
    for (const [what, answer, errcode, error] of refused) {
      expect(answer.status, what).toBe(400);
      expect(answer.body, what).toMatchObject({ errcode });
      if (typeof error === "string") expect(answer.body["error"], what).toBe(error);
      else expect(answer.body["error"], what).toMatch(error);
    }
    expect(await apiSyncRuns()).toBe(before);
  });

  it("plans with dry_run true and runs with dry_run false, one recorded run each", async () => {
    const before = await apiSyncRuns();
    const plan = await json("POST", "/admin/sync", { dry_run: true });
    expect(plan).toMatchObject({ status: 200, body: { dry_run: true } });
    const run = await json("POST", "/admin/sync", { dry_run: false });
    expect(run).toMatchObject({ status: 200, body: { dry_run: false } });
    expect(await apiSyncRuns()).toBe(before + 2);
    const rows = await env()
      .appservice.db("sync_runs")
      .whereIn("id", [plan.body["run_id"], run.body["run_id"]] as string[])
      .orderBy("started_at");
    expect(rows.map((r: { dry_run: unknown }) => Boolean(r.dry_run))).toEqual([true, false]);
  });
});

describe("unknown keys on write routes", () => {
  let groupId = 0;

  beforeAll(async () => {
    await env().appservice.sync.idle();
    const created = await json("POST", "/admin/faq/groups", { name: "Loans" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    groupId = created.body["id"] as number;
  });

  const refusesKey = (answer: Answer, key: string, expected: string) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body).toMatchObject({
      errcode: "M_INVALID_PARAM",
      errors: [{ field: "body", message: `unknown key "${key}" (expected one of: ${expected})` }],
      error_count: 1,
    });
  };

  it("FAQ admin: groups and entries, and a delete that takes no fields", async () => {
    refusesKey(
      await json("POST", "/admin/faq/groups", { name: "Other", colour: "red" }),
      "colour",
      "name, description, visibility",
    );
    refusesKey(
      await json("PATCH", `/admin/faq/groups/${groupId}`, { nmae: "Renamed" }),
      "nmae",
      "name, description, visibility",
    );
    refusesKey(
      await json("PUT", `/admin/faq/groups/${groupId}/entries/renew`, {
        question: "Q?",
        answer: "A.",
        tags: "x",
      }),
      "tags",
      "id, question, answer, answer_format, url, keywords",
    );
    const deleted = await json("DELETE", `/admin/faq/groups/${groupId}`, { force: true });
    expect(deleted).toMatchObject({
      status: 400,
      body: { error: 'body: unknown key "force" (this request takes no fields)' },
    });
    // Nothing changed: the group is still there, with its name and no entries.
    const groups = await send("GET", "/admin/faq/groups");
    expect(groups.body["groups"]).toEqual([
      expect.objectContaining({ id: groupId, name: "Loans", entries: 0 }),
    ]);
  });

  it("scrub settings and preview keep the setting unchanged", async () => {
    refusesKey(
      await json("PUT", "/admin/settings", { scrub_days: 30, scrub_hours: 2 }),
      "scrub_hours",
      "scrub_days",
    );
    expect((await send("GET", "/admin/settings")).body).toEqual({ scrub_days: null });
    const preview = await json("POST", "/admin/scrub/preview", { days: 3 });
    expect(preview).toMatchObject({
      status: 400,
      body: { error: 'body: unknown key "days" (this request takes no fields)' },
    });
    // `{}` (what the admin page sends) still reaches the service: scrub is off.
    expect((await json("POST", "/admin/scrub/preview", {})).body).toMatchObject({
      errcode: "STAFFROOM_SCRUB_OFF",
    });
  });

  it("direct chats, meetings, guest redeem and the room policy", async () => {
    const bob = env().getUser("bob").userId;
    refusesKey(await json("POST", "/direct", { user_id: bob, room: "x" }), "room", "user_id");
    const chat = await env().getUser("alice").createRoom({ name: "Desk" });
    refusesKey(
      await json("POST", "/meetings", { from_room_id: chat, title: "Standup" }),
      "title",
      "from_room_id",
    );
    refusesKey(
      await json("POST", "/guests/redeem", { token: "t", display_name: "Guest", email: "g@x.y" }),
      "email",
      "token, display_name",
    );
    refusesKey(
      await json("PUT", `/admin/rooms/${encodeURIComponent(chat)}/policy`, {
        excluded: true,
        reason: "x",
      }),
      "reason",
      "excluded",
    );
  });

  it("answers a JSON null body with the object it expected", async () => {
    expect(await send("POST", "/direct", "null")).toEqual({
      status: 400,
      body: {
        errcode: "M_INVALID_PARAM",
        error: 'the body must be a JSON object {"user_id": string}, not null',
      },
    });
    expect((await send("POST", "/admin/faq/groups", "3")).body).toMatchObject({
      errcode: "M_INVALID_PARAM",
      error: expect.stringMatching(
        /^the body must be a JSON object \{"name": string, .*not number 3$/,
      ),
    });
    expect((await send("POST", "/admin/faq/groups", "{oops")).body).toEqual({
      errcode: "M_BAD_JSON",
      error: "Request body is not valid JSON",
    });
  });
});
