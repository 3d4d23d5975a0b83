import { ConnectionError, HTTPError, MatrixError } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { isUnknownTokenError, SessionEndedError, toUserFacingError } from "./errors.ts";

const hs = "http://127.0.0.1:8080";

describe("toUserFacingError", () => {
  it("reads M_FORBIDDEN on login as a wrong password", () => {
    const error = new MatrixError(
      { errcode: "M_FORBIDDEN", error: "Invalid username or password" },
      403,
    );
    expect(toUserFacingError(error, hs, "login").message).toBe("Incorrect username or password.");
  });

  it("names the server when it cannot be reached", () => {
    const expected = `Can't reach the Staffroom server at ${hs}. Check your connection or ask your admin.`;
    expect(toUserFacingError(new ConnectionError("fetch failed"), hs).message).toBe(expected);
    expect(toUserFacingError(new TypeError("Failed to fetch"), hs).message).toBe(expected);
    expect(toUserFacingError(new HTTPError("Bad gateway", 502), hs).message).toBe(expected);
  });

  it("turns rate limits into a wait hint", () => {
    const error = new MatrixError(
      { errcode: "M_LIMIT_EXCEEDED", error: "Too many", retry_after_ms: 2500 },
      429,
    );
    expect(toUserFacingError(error, hs, "login").message).toBe(
      "Too many attempts. Please wait 3 seconds and try again.",
    );
  });

  it("marks unknown tokens as an ended session", () => {
    const error = new MatrixError(
      { errcode: "M_UNKNOWN_TOKEN", error: "Invalid access token" },
      401,
    );
    expect(isUnknownTokenError(error)).toBe(true);
    expect(toUserFacingError(error, hs)).toBeInstanceOf(SessionEndedError);
  });

  it("tells a busy server apart from too many sign-ins, and never shows an errcode", () => {
    const limited = new MatrixError({ errcode: "M_LIMIT_EXCEEDED", retry_after_ms: 1000 }, 429);
    expect(toUserFacingError(limited, hs).message).toBe(
      "The server is busy and asked to slow down. Please wait 1 second and try again.",
    );
    const bare = new MatrixError({ errcode: "M_UNKNOWN" }, 400);
    expect(toUserFacingError(bare, hs).message).toBe(
      "The server could not complete the request. Please try again.",
    );
    expect(toUserFacingError(bare, hs).message).not.toMatch(/M_[A-Z_]+|\[\d{3}\]/);
  });

  it("keeps the server's text for other Matrix errors", () => {
    const error = new MatrixError({ errcode: "M_UNKNOWN", error: "Database is locked" }, 500);
    expect(toUserFacingError(error, hs).message).toBe(
      "The server could not complete the request: Database is locked.",
    );
  });
});
