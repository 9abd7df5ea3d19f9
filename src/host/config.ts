/**
 * The Graph fallback's settings come from one place: `config.json` served beside taskpane.html. A file the web
 * server hands out, rather than a build-time constant, so that an administrator deploying the built add-in can use
 * their own Entra application without rebuilding it. docs/entra-app.md describes the file.
 */

export interface GraphConfig {
  /** The Entra application (client) id. */
  readonly clientId: string;
  /** Microsoft Graph including its version segment, without a trailing slash. */
  readonly graphBaseUrl: string;
  /** The Entra authority MSAL signs in against. */
  readonly authority: string;
  /**
   * Overrides GRAPH_MIME_LIMIT_BYTES (compose-host.ts), the size above which the compose pane does not try to send,
   * should Microsoft change Graph's limit. Absent when the file does not set it.
   */
  readonly maxSendBytes?: number;
}

/**
 * `absent`: no file, or no client id in it (Graph is simply not set up); `invalid`: the file is there but unusable;
 * `unreachable`: the request for it failed, which may pass, so the answer is not remembered.
 */
export type ConfigResult =
  | { readonly ok: true; readonly graph: GraphConfig }
  | { readonly ok: false; readonly reason: "absent" | "invalid" | "unreachable"; readonly detail: string };

export const CONFIG_FILE_NAME = "config.json";
export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0";
/** Work, school and personal accounts; a single-tenant registration sets its own tenant's authority instead. */
export const DEFAULT_AUTHORITY = "https://login.microsoftonline.com/common";

/**
 * The file holds three short strings. A much larger answer is not this file (a server's HTML fallback page, say), and
 * it is refused as `invalid` rather than parsed.
 */
const MAX_CONFIG_CHARS = 64 * 1024;

/** Entra application ids are GUIDs; anything else is a paste error that would only surface as a sign-in failure. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An https URL, or plain http on the loopback interface (a development Graph stand-in). The bearer token goes to
 * this address, so it must never travel in clear text over a network.
 */
function checkUrl(text: string, allowLoopbackHttp: boolean): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `not a URL: ${text}`;
  }
  const loopbackHttp = allowLoopbackHttp && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !loopbackHttp) return `not an https URL: ${text}`;
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
    return `has a query, fragment or credentials: ${text}`;
  return url;
}

const withoutTrailingSlash = (href: string): string => href.replace(/\/+$/, "");

/** Validates the parsed contents of config.json. Unknown keys are ignored so that later settings can be added. */
export function parseConfig(value: unknown): ConfigResult {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, reason: "invalid", detail: `${CONFIG_FILE_NAME} is not a JSON object` };
  const { clientId, graphBaseUrl, authority, maxSendBytes } = value as Record<string, unknown>;

  if (clientId === undefined || clientId === null || clientId === "")
    return { ok: false, reason: "absent", detail: `${CONFIG_FILE_NAME} has no clientId` };
  if (typeof clientId !== "string" || !GUID.test(clientId.trim()))
    return { ok: false, reason: "invalid", detail: `clientId in ${CONFIG_FILE_NAME} is not an application (client) id` };

  let base = DEFAULT_GRAPH_BASE_URL;
  if (graphBaseUrl !== undefined) {
    if (typeof graphBaseUrl !== "string") return { ok: false, reason: "invalid", detail: "graphBaseUrl is not a string" };
    const checked = checkUrl(graphBaseUrl.trim(), true);
    if (typeof checked === "string") return { ok: false, reason: "invalid", detail: `graphBaseUrl ${checked}` };
    base = withoutTrailingSlash(checked.href);
  }

  let signInAuthority = DEFAULT_AUTHORITY;
  if (authority !== undefined) {
    if (typeof authority !== "string") return { ok: false, reason: "invalid", detail: "authority is not a string" };
    const checked = checkUrl(authority.trim(), false);
    if (typeof checked === "string") return { ok: false, reason: "invalid", detail: `authority ${checked}` };
    signInAuthority = withoutTrailingSlash(checked.href);
  }

  if (maxSendBytes !== undefined && (typeof maxSendBytes !== "number" || !Number.isSafeInteger(maxSendBytes) || maxSendBytes <= 0))
    return { ok: false, reason: "invalid", detail: "maxSendBytes is not a positive whole number of bytes" };

  const graph: GraphConfig = { clientId: clientId.trim().toLowerCase(), graphBaseUrl: base, authority: signInAuthority };
  return { ok: true, graph: maxSendBytes === undefined ? graph : { ...graph, maxSendBytes } };
}

/** Fetches and validates config.json at `url`. Resolves to a result; never rejects. */
export async function loadConfig(fetchFn: typeof fetch, url: string): Promise<ConfigResult> {
  let response: Response;
  try {
    // An administrator's edit must take effect on the next pane load, not when a cache entry expires.
    response = await fetchFn(url, { cache: "no-cache" });
  } catch (e) {
    return { ok: false, reason: "unreachable", detail: `${CONFIG_FILE_NAME}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return { ok: false, reason: "absent", detail: `no ${CONFIG_FILE_NAME} beside the page` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, reason: "unreachable", detail: `${CONFIG_FILE_NAME}: HTTP ${response.status}` };
  }
  const declared = Number(response.headers.get("content-length"));
  if (declared > MAX_CONFIG_CHARS) {
    await response.body?.cancel();
    return { ok: false, reason: "invalid", detail: `${CONFIG_FILE_NAME} is too large to be the settings file` };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    return { ok: false, reason: "unreachable", detail: `${CONFIG_FILE_NAME}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (text.length > MAX_CONFIG_CHARS)
    return { ok: false, reason: "invalid", detail: `${CONFIG_FILE_NAME} is too large to be the settings file` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid", detail: `${CONFIG_FILE_NAME} is not valid JSON` };
  }
  return parseConfig(parsed);
}

/** config.json beside the current page, or null outside a browser page. */
export function pageConfigUrl(): string | null {
  const base = globalThis.document?.baseURI;
  return base === undefined ? null : new URL(CONFIG_FILE_NAME, base).href;
}

/** Loads config.json beside the current page with the page's fetch; outside a page, Graph is not configured. */
export function loadPageConfig(): Promise<ConfigResult> {
  const url = pageConfigUrl();
  if (url === null) return Promise.resolve({ ok: false, reason: "absent", detail: "no page to load config.json from" });
  return loadConfig(globalThis.fetch.bind(globalThis), url);
}

/**
 * Loads the configuration once and shares the answer. An absent or invalid file stays so until the pane reloads; a
 * failed request may succeed on the next try, so that answer is not kept. A `load` that rejects (a bug) counts as
 * unreachable.
 */
export function cachedConfig(load: () => Promise<ConfigResult>): () => Promise<ConfigResult> {
  let config: Promise<ConfigResult> | null = null;
  return () => {
    config ??= load()
      .catch((e: unknown): ConfigResult => ({ ok: false, reason: "unreachable", detail: e instanceof Error ? e.message : String(e) }))
      .then((result) => {
        if (!result.ok && result.reason === "unreachable") config = null;
        return result;
      });
    return config;
  };
}
