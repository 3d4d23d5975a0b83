import { describe, expect, it } from "vitest";
import { ClientConfigError, loadClientConfig, parseClientConfig } from "./clientConfig.ts";

const origin = "http://127.0.0.1:8080";

function fakeFetch(body: string, init: ResponseInit & { type?: string } = {}): typeof fetch {
  const headers = { "content-type": init.type ?? "application/json" };
  return () => Promise.resolve(new Response(body, { status: init.status ?? 200, headers }));
}

describe("parseClientConfig", () => {
  it("uses the page origin when homeserver_url is null", () => {
    expect(parseClientConfig({ homeserver_url: null, brand: "Staffroom" }, origin)).toEqual({
      homeserverUrl: origin,
      brand: "Staffroom",
    });
  });

  it("accepts an explicit homeserver URL and trims the trailing slash", () => {
    const config = parseClientConfig({ homeserver_url: "https://matrix.example.org/" }, origin);
    expect(config).toEqual({ homeserverUrl: "https://matrix.example.org", brand: "Staffroom" });
  });

  it("fills defaults for an empty object", () => {
    expect(parseClientConfig({}, origin)).toEqual({ homeserverUrl: origin, brand: "Staffroom" });
  });

  it("reports every bad key at once", () => {
    const attempt = () => parseClientConfig({ homeserver_url: "ftp://x", brand: 42 }, origin);
    expect(attempt).toThrow(ClientConfigError);
    expect(attempt).toThrow(/"homeserver_url".*"brand"/);
  });

  it("rejects non-objects", () => {
    expect(() => parseClientConfig([], origin)).toThrow(/JSON object/);
    expect(() => parseClientConfig("x", origin)).toThrow(ClientConfigError);
  });
});

describe("loadClientConfig", () => {
  it("parses the served file", async () => {
    const fetchFn = fakeFetch('{"homeserver_url": null, "brand": "Library Staff"}');
    await expect(loadClientConfig(fetchFn, origin)).resolves.toEqual({
      homeserverUrl: origin,
      brand: "Library Staff",
    });
  });

  it("explains malformed JSON", async () => {
    await expect(loadClientConfig(fakeFetch("{brand:"), origin)).rejects.toThrow(
      /config.json is not valid JSON/,
    );
  });

  it("falls back to defaults when the file is missing or the SPA fallback answers", async () => {
    const defaults = { homeserverUrl: origin, brand: "Staffroom" };
    await expect(loadClientConfig(fakeFetch("", { status: 404 }), origin)).resolves.toEqual(
      defaults,
    );
    const html = fakeFetch("<!doctype html>", { type: "text/html" });
    await expect(loadClientConfig(html, origin)).resolves.toEqual(defaults);
  });

  it("reports server errors and network failures readably", async () => {
    await expect(loadClientConfig(fakeFetch("", { status: 500 }), origin)).rejects.toThrow(
      /HTTP 500/,
    );
    const offline: typeof fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    await expect(loadClientConfig(offline, origin)).rejects.toThrow(/Could not download/);
  });
});
