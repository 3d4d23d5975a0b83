/**
 * Switches that only the end-to-end tests set (in Web Storage, before the app loads, under
 * `staffroom.testOptions`). Nobody else has a reason to; unknown or malformed values are
 * ignored, so a stray entry can never break the app.
 */
export type TestOptions = {
  /** Timeout of the screen-sharing requests this browser sends, in ms (1 000–600 000). */
  screenshareTimeoutMs?: number;
  /** Publish `window.__staffroomCallStats()` (inbound media counters of the current call). */
  exposeCallStats?: boolean;
  /** 1:1 calls use TURN relays only (the SDK's `forceTURN`), to test the relay path. */
  forceTurn?: boolean;
};

export const TEST_OPTIONS_KEY = "staffroom.testOptions";

/**
 * Reads the test options.
 * @param storage - usually `window.localStorage`
 * @returns the valid options found (usually none)
 */
export function readTestOptions(storage: Pick<Storage, "getItem">): TestOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(TEST_OPTIONS_KEY) ?? "null");
  } catch {
    return {};
  }
  if (typeof raw !== "object" || raw === null) return {};
  const record = raw as Record<string, unknown>;
  const options: TestOptions = {};
  const timeout = record["screenshareTimeoutMs"];
  if (typeof timeout === "number" && timeout >= 1_000 && timeout <= 600_000)
    options.screenshareTimeoutMs = timeout;
  if (record["exposeCallStats"] === true) options.exposeCallStats = true;
  if (record["forceTurn"] === true) options.forceTurn = true;
  return options;
}
