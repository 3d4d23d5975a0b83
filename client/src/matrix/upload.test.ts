import { MatrixError } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { toUploadError } from "./upload.ts";

const client = { baseUrl: "https://chat.example" };

describe("toUploadError", () => {
  it("names the server's size refusal readably", () => {
    const refusal = new MatrixError({ errcode: "M_TOO_LARGE", error: "File too large" }, 413);
    expect(toUploadError(client, { name: "scan.tiff" }, refusal).message).toBe(
      "The server refused scan.tiff: it is too large to upload.",
    );
    const bare413 = new MatrixError({}, 413);
    expect(toUploadError(client, { name: "scan.tiff" }, bare413).message).toContain("too large");
  });

  it("puts other failures in a sentence with the file's name", () => {
    const forbidden = new MatrixError({ errcode: "M_FORBIDDEN", error: "no" }, 403);
    expect(toUploadError(client, { name: "a.pdf" }, forbidden).message).toBe(
      "a.pdf could not be uploaded. You don't have permission to do that.",
    );
  });
});
