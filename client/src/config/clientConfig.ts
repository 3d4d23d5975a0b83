/** Runtime settings the client reads from `config.json` at start. */
export type ClientConfig = {
  /** Base URL of the Matrix homeserver, without a trailing slash. */
  homeserverUrl: string;
  /** Product name shown in the header, the login page and the window title. */
  brand: string;
};

/** `config.json` is missing keys, has wrong types or is not JSON; the message lists every problem. */
export class ClientConfigError extends Error {
  override name = "ClientConfigError";
}

const DEFAULT_BRAND = "Staffroom";
const MAX_BRAND_LENGTH = 60;

/**
 * Validates the parsed contents of `config.json` and fills in defaults.
 * `homeserver_url: null` (or absent) means "this page's origin": the web server proxies
 * `/_matrix` to Synapse, which spares the browser CORS and mixed-content trouble.
 * @param raw - the parsed JSON
 * @param origin - the page origin, e.g. `window.location.origin`
 * @returns the validated {@link ClientConfig}
 * @throws ClientConfigError naming every bad key at once
 */
export function parseClientConfig(raw: unknown, origin: string): ClientConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ClientConfigError(
      'config.json must contain a JSON object, e.g. {"brand": "Staffroom"}.',
    );
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];

  let homeserverUrl = origin;
  const hs = record["homeserver_url"];
  if (hs !== undefined && hs !== null) {
    const parsed = typeof hs === "string" ? parseHttpUrl(hs) : null;
    if (parsed) homeserverUrl = parsed;
    else
      problems.push(`"homeserver_url" must be null or an http(s) URL (got ${JSON.stringify(hs)})`);
  }

  let brand = DEFAULT_BRAND;
  const b = record["brand"];
  if (b !== undefined && b !== null) {
    if (typeof b === "string" && b.trim() !== "" && b.trim().length <= MAX_BRAND_LENGTH)
      brand = b.trim();
    else
      problems.push(`"brand" must be a non-empty text of at most ${MAX_BRAND_LENGTH} characters`);
  }

  if (problems.length > 0) throw new ClientConfigError(`config.json: ${problems.join("; ")}.`);
  return { homeserverUrl: homeserverUrl.replace(/\/+$/, ""), brand };
}

function parseHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Fetches and validates `config.json` next to `index.html`.
 * A missing file is not an error (defaults apply), but a present, malformed one is: silently
 * ignoring it would point the client at the wrong server with no hint why.
 * @param fetchFn - `fetch`, injectable for tests
 * @param origin - the page origin
 * @returns the {@link ClientConfig}
 * @throws ClientConfigError with a message fit for the start-up error screen
 */
export async function loadClientConfig(
  fetchFn: typeof fetch,
  origin: string,
): Promise<ClientConfig> {
  let response: Response;
  try {
    response = await fetchFn("config.json", { cache: "no-cache" });
  } catch (error) {
    throw new ClientConfigError(`Could not download config.json (${String(error)}).`);
  }
  // A dev server or SPA host answers unknown paths with index.html; that means "no file".
  const isHtml = (response.headers.get("content-type") ?? "").includes("text/html");
  if (response.status === 404 || (response.ok && isHtml)) return parseClientConfig({}, origin);
  if (!response.ok) {
    throw new ClientConfigError(`Could not download config.json (HTTP ${response.status}).`);
  }
  const text = await response.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ClientConfigError(`config.json is not valid JSON: ${detail}`);
  }
  return parseClientConfig(raw, origin);
}
