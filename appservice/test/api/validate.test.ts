import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "../../src/api/apiError.ts";
import { syncRequestSchema } from "../../src/api/contract.ts";
import { makeErrorMiddleware } from "../../src/api/errorMiddleware.ts";
import { EMPTY_BODY, parseBody, parseRequest } from "../../src/api/validate.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { request, serve, type Served } from "../helpers/http.ts";

const body = z.strictObject({ user_id: z.string().startsWith("@"), limit: z.number().optional() });

describe("parseRequest", () => {
  it("returns typed data for a valid query", () => {
    expect(parseRequest(body, { user_id: "@bob:hs" })).toEqual({ user_id: "@bob:hs" });
  });

  it("throws 400 M_INVALID_PARAM naming the bad field", () => {
    const error = (() => {
      try {
        parseRequest(body, { user_id: "bob" });
      } catch (e) {
        return e;
      }
      throw new Error("expected an ApiError");
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).toBody()).toMatchObject({ errcode: "M_INVALID_PARAM" });
    expect((error as ApiError).message).toMatch(/^user_id: /);
  });
});

describe("parseBody over HTTP", () => {
  let served: Served;
  // A schema written with z.object (not strict): parseBody refuses unknown keys anyway.
  const loose = z.object({
    name: z.string().min(1),
    visibility: z.enum(["public", "internal"]).default("public"),
    days: z.number().int().nullable().optional(),
  });
  const wide = z.strictObject(
    Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, z.string()])),
  );

  beforeAll(async () => {
    const app = express();
    app.use(express.json({ limit: "2mb", strict: false }));
    app.post("/sync", (req, res) => res.json(parseBody(syncRequestSchema, req)));
    app.post("/loose", (req, res) => res.json(parseBody(loose, req)));
    app.post("/empty", (req, res) => res.json(parseBody(EMPTY_BODY, req)));
    app.post("/wide", (req, res) => res.json(parseBody(wide, req)));
    app.use(makeErrorMiddleware(makeLogger("Test")));
    served = await serve(app);
  });
  afterAll(() => served.close());

  const post = (path: string, text?: string, type = "application/json") =>
    request(`${served.url}${path}`, {
      method: "POST",
      ...(text === undefined ? {} : { body: text, headers: { "content-type": type } }),
    });

  it("accepts a body that matches, and `{}` or nothing where no fields are taken", async () => {
    expect(await post("/sync", '{"dry_run":true}')).toMatchObject({
      status: 200,
      body: { dry_run: true },
    });
    expect(await post("/loose", '{"name":"x"}')).toMatchObject({
      body: { name: "x", visibility: "public" },
    });
    expect(await post("/empty", "{}")).toMatchObject({ status: 200, body: {} });
    expect(await post("/empty")).toMatchObject({ status: 200, body: {} });
  });

  it("names unknown keys and the expected ones, even for a non-strict schema", async () => {
    const typo = await post("/sync", '{"dryrun":true}');
    expect(typo.status).toBe(400);
    expect(typo.body).toMatchObject({
      errcode: "M_INVALID_PARAM",
      error: expect.stringContaining('unknown key "dryrun" (expected one of: dry_run)'),
      error_count: 2,
    });
    expect((await post("/loose", '{"name":"x","colour":1,"size":2}')).body).toMatchObject({
      error: 'body: unknown keys "colour", "size" (expected one of: name, visibility, days)',
      errors: [{ field: "body", message: expect.stringMatching(/^unknown keys/) }],
      error_count: 1,
    });
    expect((await post("/empty", '{"force":true}')).body).toMatchObject({
      error: 'body: unknown key "force" (this request takes no fields)',
    });
  });

  it("says what is expected for a missing body, {} and missing fields", async () => {
    const shape = 'the body must be a JSON object {"dry_run": true|false}';
    expect(await post("/sync")).toMatchObject({
      status: 400,
      body: { errcode: "M_INVALID_PARAM", error: `the request has no body; ${shape}` },
    });
    expect(await post("/sync", "{}")).toMatchObject({
      status: 400,
      body: { errcode: "M_INVALID_PARAM", error: `dry_run: is required (true|false); ${shape}` },
    });
    expect((await post("/sync", '{"dry_run":"yes"}')).body).toMatchObject({
      error: "dry_run: dry_run must be true (plan only) or false (run the pass)",
    });
  });

  it("answers non-object JSON with what it wanted, malformed JSON as not JSON", async () => {
    const shape =
      'the body must be a JSON object {"name": string, "visibility"?: "public"|"internal", "days"?: number|null}';
    for (const [text, got] of [
      ["null", "null"],
      ["[]", "an array"],
      ["3", "number 3"],
      ['"x"', 'the string "x"'],
    ] as const) {
      expect(await post("/loose", text)).toEqual({
        status: 400,
        headers: expect.anything() as Headers,
        body: { errcode: "M_INVALID_PARAM", error: `${shape}, not ${got}` },
      });
    }
    expect((await post("/loose", "{nope")).body).toEqual({
      errcode: "M_BAD_JSON",
      error: "Request body is not valid JSON",
    });
  });

  it("says a JSON body is expected when another type is sent", async () => {
    const plain = await post("/sync", '{"dry_run":true}', "text/plain");
    expect(plain).toMatchObject({
      status: 400,
      body: {
        errcode: "M_NOT_JSON",
        error: expect.stringMatching(
          /^a JSON body is expected \(Content-Type: application\/json\), got text\/plain/,
        ) as string,
      },
    });
  });

  it("keeps the answer small: 100 problems listed, long keys and values clipped", async () => {
    const many = await post("/wide", "{}");
    expect(many.body).toMatchObject({ error_count: 300, error: /^first 100 of 300 problems: / });
    expect((many.body as { errors: unknown[] }).errors).toHaveLength(100);

    const key = "k".repeat(1_000_000);
    const huge = await post("/sync", JSON.stringify({ [key]: 1, dry_run: true }));
    const text = JSON.stringify(huge.body);
    expect(text.length).toBeLessThan(2_000);
    expect(huge.body).toMatchObject({
      error: `body: unknown key "${"k".repeat(80)}…" (expected one of: dry_run)`,
    });
    const value = await post("/loose", JSON.stringify("v".repeat(1_000_000)));
    expect(JSON.stringify(value.body).length).toBeLessThan(1_000);
  });
});
