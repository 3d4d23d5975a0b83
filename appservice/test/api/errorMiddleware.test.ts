import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ERRCODE_STATUS } from "../../src/api/apiError.ts";
import { ERRCODES } from "../../src/api/contract.ts";
import { makeErrorMiddleware, unrecognizedRoute } from "../../src/api/errorMiddleware.ts";
import { makeLogger } from "../../src/observability/logger.ts";
import { captureLogs } from "../helpers/logs.ts";
import { request, serve, type Served } from "../helpers/http.ts";

describe("ApiError", () => {
  it("takes its status from the one table, unless overridden", () => {
    expect(new ApiError("M_FORBIDDEN", "no").status).toBe(403);
    expect(
      new ApiError("M_LIMIT_EXCEEDED", "slow", undefined, { retry_after_ms: 5 }).toBody(),
    ).toEqual({
      errcode: "M_LIMIT_EXCEEDED",
      error: "slow",
      retry_after_ms: 5,
    });
    expect(new ApiError("M_UNKNOWN", "gateway", 502).status).toBe(502);
  });

  it("has a status for every errcode of the contract", () => {
    for (const code of ERRCODES) expect(ERRCODE_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(ERRCODE_STATUS).toMatchObject({
      M_MISSING_TOKEN: 401,
      M_UNKNOWN_TOKEN: 401,
      M_FORBIDDEN: 403,
      M_NOT_FOUND: 404,
      M_BAD_JSON: 400,
      M_INVALID_PARAM: 400,
      M_LIMIT_EXCEEDED: 429,
      M_UNKNOWN: 500,
    });
  });
});

describe("error middleware over HTTP", () => {
  const logs = captureLogs("debug");
  let served: Served;

  beforeAll(async () => {
    const app = express();
    const api = express.Router();
    api.use(express.json());
    api.get("/forbidden", () => {
      throw new ApiError("M_FORBIDDEN", "Admins only");
    });
    api.get("/async-missing", async () => {
      await Promise.resolve();
      throw new ApiError("M_NOT_FOUND", "No such department");
    });
    api.get("/crash", () => {
      throw new Error("SELECT * FROM secrets failed at db.ts:42");
    });
    api.post("/echo", (req, res) => {
      res.json(req.body);
    });
    api.use(unrecognizedRoute);
    app.use("/api", api);
    app.use(makeErrorMiddleware(makeLogger("Test")));
    served = await serve(app);
  });
  afterAll(() => served.close());

  it("answers a malformed JSON body with 400 M_BAD_JSON", async () => {
    const res = await request(`${served.url}/api/echo`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"user_id": ',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errcode: "M_BAD_JSON", error: "Request body is not valid JSON" });
  });

  it("answers an unknown /api route with 404 M_UNRECOGNIZED as JSON", async () => {
    const res = await request(`${served.url}/api/nope?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.body).toEqual({
      errcode: "M_UNRECOGNIZED",
      error: "Unrecognized request: GET /api/nope",
    });
  });

  it("answers a thrown ApiError with its errcode and status (sync and async)", async () => {
    const forbidden = await request(`${served.url}/api/forbidden`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ errcode: "M_FORBIDDEN", error: "Admins only" });
    const missing = await request(`${served.url}/api/async-missing`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errcode: "M_NOT_FOUND", error: "No such department" });
  });

  it("turns a plain Error into a generic 500 without leaking it, and logs it", async () => {
    logs.lines.length = 0;
    const res = await request(`${served.url}/api/crash`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errcode: "M_UNKNOWN", error: "Internal server error" });
    expect(JSON.stringify(res.body)).not.toContain("secrets");
    expect(logs.lines.some((l) => l.includes("GET /api/crash -> 500 M_UNKNOWN"))).toBe(true);
    // The stack goes to debug only.
    expect(logs.lines.some((l) => l.includes("DEBUG") && l.includes("db.ts:42"))).toBe(true);
  });
});
