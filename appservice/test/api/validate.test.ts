import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError } from "../../src/api/apiError.ts";
import { parseRequest } from "../../src/api/validate.ts";

const body = z.strictObject({ user_id: z.string().startsWith("@"), limit: z.number().optional() });

describe("parseRequest", () => {
  it("returns typed data for a valid body", () => {
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
