/**
 * The organisation's send policy: the `sendPolicy` key of the deployment's config.json. src/host/config.ts reads the
 * Graph keys of the same file and ignores this one; this module reads only this one.
 *
 *   { "sendPolicy": { "alwaysSign": true } }
 *
 * Everything under src/launch ends up in send-guard.js, which classic Outlook on Windows runs in a JavaScript-only
 * runtime that, before Version 2403, parses ECMAScript 2016 and nothing newer. So this code has no async/await,
 * optional chaining, `??`, object spread or catch without a binding, and uses no DOM, storage or `globalThis`.
 * test/launch/bundle.test.ts parses the built file as ES2016 and runs it without those globals.
 */

export interface SendPolicy {
  /** Every message must leave signed. Outlook's own Send button never signs, so the guard stops it. */
  readonly alwaysSign: boolean;
}

/**
 * `absent`: no config.json, or no `sendPolicy` in it: the organisation has not turned the guard on.
 * `invalid`: the file or the key is there but unusable.
 * `unreachable`: the request failed or did not answer: what the organisation wants is unknown.
 */
export type PolicyReason = "absent" | "invalid" | "unreachable";

export type PolicyLookup =
  | { readonly ok: true; readonly policy: SendPolicy }
  | { readonly ok: false; readonly reason: PolicyReason; readonly detail: string };

/** The part of the Fetch API the lookup uses; the JavaScript-only runtime provides fetch, not the rest of a browser. */
export interface PolicyResponse {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}
export type PolicyFetch = (url: string, init: { readonly cache: "no-cache" }) => Promise<PolicyResponse>;

/**
 * The file holds a few short settings. A much larger answer is not this file (a server's HTML error page, say): it is
 * refused as `invalid` rather than parsed, which also bounds the time spent on it while a send waits.
 */
export const MAX_CONFIG_CHARS = 64 * 1024;

const NO_POLICY: SendPolicy = { alwaysSign: false };

export function unreachable(detail: string): PolicyLookup {
  return { ok: false, reason: "unreachable", detail };
}

function refused(reason: "absent" | "invalid", detail: string): PolicyLookup {
  return { ok: false, reason, detail };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Validates the parsed config.json. Unknown keys, in the file and inside `sendPolicy`, are ignored for later settings. */
export function parseSendPolicy(value: unknown): PolicyLookup {
  if (!isPlainObject(value)) return refused("invalid", "config.json is not a JSON object");
  const section = value.sendPolicy;
  if (section === undefined || section === null) return refused("absent", "config.json has no sendPolicy");
  if (!isPlainObject(section)) return refused("invalid", "sendPolicy in config.json is not an object");
  const alwaysSign = section.alwaysSign;
  if (alwaysSign === undefined) return { ok: true, policy: NO_POLICY };
  if (typeof alwaysSign !== "boolean") return refused("invalid", "sendPolicy.alwaysSign is neither true nor false");
  return { ok: true, policy: { alwaysSign } };
}

function parseText(text: string): PolicyLookup {
  if (text.length > MAX_CONFIG_CHARS) return refused("invalid", "config.json is too large to be the settings file");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return refused("invalid", `config.json is not valid JSON: ${describeError(error)}`);
  }
  return parseSendPolicy(parsed);
}

/**
 * Reads the policy from `url` afresh: the browser cache is revalidated and nothing is kept between sends, so an
 * administrator's change applies to the next send. Resolves to a result; never rejects.
 */
export function lookupSendPolicy(fetchFn: PolicyFetch, url: string): Promise<PolicyLookup> {
  let request: Promise<PolicyResponse>;
  try {
    request = fetchFn(url, { cache: "no-cache" });
  } catch (error) {
    return Promise.resolve(unreachable(`config.json: ${describeError(error)}`));
  }
  return request.then(
    (response): PolicyLookup | Promise<PolicyLookup> => {
      if (response.status === 404) return refused("absent", "no config.json beside the add-in's pages");
      if (!response.ok) return unreachable(`config.json: HTTP ${response.status}`);
      return response.text().then(parseText, (error: unknown) => unreachable(`config.json: ${describeError(error)}`));
    },
    (error: unknown) => unreachable(`config.json: ${describeError(error)}`),
  );
}
