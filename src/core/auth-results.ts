import type { AuthMethodResult, AuthResults } from "./verdict-types.js";

/**
 * Longest header value we parse. Real Authentication-Results values stay under a few kilobytes even with many DKIM
 * signatures; a longer one is not worth reading and yields null rather than a slow walk over attacker data.
 */
const MAX_VALUE_LENGTH = 64 * 1024;

type Token =
  | { readonly kind: "word"; readonly text: string; readonly glued: boolean }
  | { readonly kind: "quoted"; readonly text: string; readonly glued: boolean }
  | { readonly kind: "="; readonly glued: boolean }
  | { readonly kind: ";"; readonly glued: boolean };

type Segment = readonly Token[];

/** RFC 2045 tspecials plus space and controls: the characters a token (and so an authserv-id) cannot hold. */
const TOKEN_RE = /^[^\x00-\x20\x7f()<>@,;:\\"/[\]?=]+$/;
const KEYWORD_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const DOMAIN_RE = /^[^\s"(),;:<>@[\]\\]+$/;

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

/**
 * Splits the value into words, quoted strings, "=" and ";", dropping whitespace and comments (nested, with
 * quoted-pairs). `glued` records that nothing separated a token from the one before, which is how a value such as
 * `"john smith"@example.com` or base64 ending in "=" is put back together. An unterminated comment or quoted
 * string runs to the end of the value, as a lenient reader of a damaged header would take it.
 */
function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let glued = false;
  let i = 0;
  while (i < value.length) {
    const c = value[i] ?? "";
    if (isSpace(c)) {
      glued = false;
      i++;
    } else if (c === "(") {
      let depth = 0;
      for (; i < value.length; i++) {
        const d = value[i];
        if (d === "\\") i++;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      i++;
      glued = false;
    } else if (c === '"') {
      let text = "";
      for (i++; i < value.length; i++) {
        const d = value[i] ?? "";
        if (d === '"') break;
        if (d === "\\" && i + 1 < value.length) text += value[++i] ?? "";
        else if (d !== "\r" && d !== "\n") text += d;
      }
      i++;
      tokens.push({ kind: "quoted", text, glued });
      glued = true;
    } else if (c === "=" || c === ";") {
      tokens.push({ kind: c, glued });
      i++;
      glued = true;
    } else {
      const start = i;
      while (i < value.length) {
        const d = value[i] ?? "";
        if (isSpace(d) || d === "(" || d === '"' || d === "=" || d === ";") break;
        i++;
      }
      tokens.push({ kind: "word", text: value.slice(start, i), glued });
      glued = true;
    }
  }
  return tokens;
}

function splitSegments(tokens: readonly Token[]): Token[][] {
  const segments: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === ";") segments.push([]);
    else segments[segments.length - 1]?.push(t);
  }
  return segments;
}

function textOf(t: Token | undefined): string | null {
  return t !== undefined && (t.kind === "word" || t.kind === "quoted") ? t.text : null;
}

/** Reads a value that starts at `start`, joining the glued pieces; returns it and the index after it. */
function readValue(seg: Segment, start: number): [string, number] | null {
  const first = seg[start];
  if (first === undefined || first.kind === "=" || first.kind === ";") return null;
  let text = first.text;
  let i = start + 1;
  for (let t = seg[i]; t !== undefined && t.glued && t.kind !== ";"; t = seg[++i]) {
    text += t.kind === "=" ? "=" : t.text;
  }
  return [text, i];
}

interface ResInfo {
  readonly method: string;
  readonly result: string;
  /** Property names lower-cased ("smtp.mailfrom"); the first occurrence wins. */
  readonly props: ReadonlyMap<string, string>;
}

/** `method[/version] = result *(key = value)`; stray words are skipped so one odd vendor field costs nothing. */
function parseResInfo(seg: Segment): ResInfo | null {
  const methodText = textOf(seg[0]);
  if (methodText === null || seg[1]?.kind !== "=") return null;
  const parsedResult = readValue(seg, 2);
  if (parsedResult === null) return null;
  const [resultText, afterResult] = parsedResult;
  const method = (methodText.split("/")[0] ?? "").trim().toLowerCase();
  const result = resultText.toLowerCase();
  if (!KEYWORD_RE.test(method) || !KEYWORD_RE.test(result)) return null;

  const props = new Map<string, string>();
  let i = afterResult;
  while (i < seg.length) {
    const key = textOf(seg[i]);
    if (key === null || seg[i + 1]?.kind !== "=") {
      i++;
      continue;
    }
    const parsed = readValue(seg, i + 2);
    if (parsed === null) {
      i += 2;
      continue;
    }
    const name = key.toLowerCase();
    if (!props.has(name)) props.set(name, parsed[0]);
    i = parsed[1];
  }
  return { method, result, props };
}

/** Header bytes arrive as latin1 characters; a UTF-8 (internationalised) domain is decoded back to Unicode. */
function latin1ToUtf8(s: string): string {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  const bytes = Uint8Array.from(s, (ch) => ch.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}

/**
 * The domain of a property value that may be `domain`, `@domain` or `local@domain` (the local part may be a
 * quoted string holding "@", so the last "@" separates). Microsoft writes `header.d=none` for unsigned mail:
 * that is no domain.
 */
function domainOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  let v = value.trim();
  if (v.startsWith("<") && v.endsWith(">")) v = v.slice(1, -1).trim();
  const at = v.lastIndexOf("@");
  if (at >= 0) v = v.slice(at + 1);
  v = v.replace(/\.$/, "").toLowerCase();
  if (v === "" || v === "none" || !DOMAIN_RE.test(v)) return null;
  return latin1ToUtf8(v);
}

function firstDomain(props: ReadonlyMap<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const d = domainOf(props.get(name));
    if (d !== null) return d;
  }
  return null;
}

/**
 * Parses one Authentication-Results value (RFC 8601), unfolded, with header bytes as latin1 characters. Keeps the
 * first spf and dmarc result and every dkim result; other methods are ignored. Microsoft 365 omits the authserv-id
 * and starts with a result: the id is then "". Returns null when the value names neither an authserv-id nor a
 * result it can read; never throws.
 */
export function parseAuthenticationResults(rawValue: string): AuthResults | null {
  if (rawValue.length > MAX_VALUE_LENGTH) return null;
  const segments = splitSegments(tokenize(rawValue));
  const head = segments[0] ?? [];

  let authservId = "";
  let resinfoSegments: Segment[] = segments.slice(1);
  if (head[1]?.kind === "=") {
    resinfoSegments = segments;
  } else {
    // An id that is not a token (RFC 2045) is dropped but its results are still read: they are worth showing.
    const id = head[0];
    if (id?.kind === "word" && TOKEN_RE.test(id.text)) authservId = id.text;
    else if (id?.kind === "quoted") authservId = id.text;
  }

  let spf: AuthMethodResult | null = null;
  let dmarc: AuthMethodResult | null = null;
  const dkim: (AuthMethodResult & { readonly selector: string | null })[] = [];
  let anyResult = false;

  for (const seg of resinfoSegments) {
    const info = parseResInfo(seg);
    if (info === null) continue;
    anyResult = true;
    const { method, result, props } = info;
    if (method === "spf") {
      // With an empty MAIL FROM (bounces) SPF checks the HELO name, and servers record smtp.mailfrom as "<>".
      spf ??= { result, domain: firstDomain(props, ["smtp.mailfrom", "smtp.helo"]) };
    } else if (method === "dkim") {
      const selector = props.get("header.s")?.trim() || null;
      dkim.push({ result, domain: firstDomain(props, ["header.d", "header.i"]), selector });
    } else if (method === "dmarc") {
      dmarc ??= { result, domain: firstDomain(props, ["header.from"]) };
    }
  }

  if (authservId === "" && !anyResult) return null;
  return { authservId, spf, dkim, dmarc };
}

/**
 * The results of the topmost Authentication-Results header only (index 0, the first in the message, added last
 * by the receiving server). Anything below it may have been written by the sender to look authenticated.
 */
export function authResultsOf(headerValuesInOrder: readonly string[]): AuthResults | null {
  const topmost = headerValuesInOrder[0];
  return topmost === undefined ? null : parseAuthenticationResults(topmost);
}
