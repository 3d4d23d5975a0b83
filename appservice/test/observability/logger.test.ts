import { afterEach, describe, expect, it } from "vitest";
import { configureLogging, makeLogger } from "../../src/observability/logger.ts";

describe("logger", () => {
  const lines: string[] = [];
  const sink = (line: string) => lines.push(line);
  afterEach(() => {
    lines.length = 0;
  });

  it("writes named text lines at or above the configured level", () => {
    configureLogging({ level: "info", json: false, sink });
    const log = makeLogger("Api");
    log.debug("hidden");
    log.info("listening", { port: 9000, host: "127.0.0.1", note: "two words" });
    log.error("boom", { error: new TypeError("bad") });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z INFO {2}\[Api\] listening port=9000 host=127\.0\.0\.1 note="two words"$/,
    );
    expect(lines[1]).toContain('ERROR [Api] boom error="TypeError: bad"');
    expect(log.isEnabled("debug")).toBe(false);
  });

  it("writes one JSON object per line, with bound fields, in JSON mode", () => {
    configureLogging({ level: "debug", json: true, sink });
    makeLogger("Sync").with({ run: "sync-1" }).debug("planned", { actions: 3, level: "ignored" });
    const record = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(record).toMatchObject({
      level: "debug",
      logger: "Sync",
      msg: "planned",
      run: "sync-1",
      actions: 3,
    });
    expect(typeof record["time"]).toBe("string");
  });

  it("applies a new configuration to loggers made earlier", () => {
    const log = makeLogger("Early");
    configureLogging({ level: "error", json: false, sink });
    log.warn("dropped");
    configureLogging({ level: "warn", json: false, sink });
    log.warn("kept");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("kept");
  });

  it("survives circular fields", () => {
    configureLogging({ level: "info", json: true, sink });
    const loop: Record<string, unknown> = {};
    loop["self"] = loop;
    makeLogger("X").info("loop", { loop });
    expect(lines[0]).toContain("[circular]");
  });
});
